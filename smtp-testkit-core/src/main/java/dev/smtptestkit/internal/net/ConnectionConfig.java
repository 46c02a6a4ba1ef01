package dev.smtptestkit.internal.net;

import dev.smtptestkit.ClientAuth;
import dev.smtptestkit.internal.protocol.SessionConfig;
import dev.smtptestkit.internal.tls.ServerTls;
import java.time.Duration;

/**
 * Settings of the socket side.
 *
 * @param session     the protocol settings
 * @param idleTimeout how long a client may take for one command line, or between two reads of message data
 * @param maxSessions concurrent sessions; one more gets 421
 * @param backlog     the listening socket's backlog
 * @param tls         the TLS material for STARTTLS or implicit TLS, or null when TLS is off
 * @param clientAuth  whether TLS asks the client for a certificate
 */
public record ConnectionConfig(SessionConfig session, Duration idleTimeout, int maxSessions, int backlog,
                               ServerTls tls, ClientAuth clientAuth) {

    /** Settings without TLS. */
    public ConnectionConfig(SessionConfig session, Duration idleTimeout, int maxSessions, int backlog) {
        this(session, idleTimeout, maxSessions, backlog, null, ClientAuth.NONE);
    }
}
