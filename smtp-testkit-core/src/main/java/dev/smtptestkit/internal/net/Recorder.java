package dev.smtptestkit.internal.net;

import dev.smtptestkit.Envelope;
import dev.smtptestkit.ProtocolViolation;
import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.SmtpEvent;
import dev.smtptestkit.Transcript;
import dev.smtptestkit.internal.content.Content;
import java.time.Instant;

/** Where connections put what happened: the mailbox and the listeners behind it. */
public interface Recorder {

    /** Records an event and tells the listeners. */
    void event(SmtpEvent event);

    /** Adds a line to a session's transcript. */
    void transcript(String sessionId, Transcript.Line line);

    /** Records a violation. */
    void violation(ProtocolViolation violation);

    /**
     * Builds the email for an accepted message over its blocks, without copying them (that
     * constructor of {@link ReceivedEmail} is not public, so it is reached through the receiver).
     * {@code replySent} is false when a script dropped the connection after the final dot, before the reply.
     */
    ReceivedEmail email(String id, Envelope envelope, Content content, Instant receivedAt, boolean replySent);
}
