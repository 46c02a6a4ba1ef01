package dev.smtptestkit.internal.net;

import dev.smtptestkit.internal.protocol.SessionConfig;
import java.time.Duration;

/**
 * Settings of the socket side.
 *
 * @param session     the protocol settings
 * @param idleTimeout how long a client may take for one command line, or between two reads of message data
 * @param maxSessions concurrent sessions; one more gets 421
 * @param backlog     the listening socket's backlog
 */
public record ConnectionConfig(SessionConfig session, Duration idleTimeout, int maxSessions, int backlog) {
}
