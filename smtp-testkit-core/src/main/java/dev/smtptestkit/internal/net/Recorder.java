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
     */
    ReceivedEmail email(String id, Envelope envelope, Content content, Instant receivedAt);

    /** What became of an email handed to the receiver's delivery handler. */
    enum HandOver {
        /** Stored (or no handler): record and accept it. */
        STORED,
        /** The handler could not store it (an IOException: a full disk, say). */
        NO_STORAGE,
        /** The handler failed otherwise. */
        FAILED
    }

    /**
     * Hands an accepted email to the receiver's delivery handler, before it is recorded and answered.
     *
     * @return what became of it
     */
    HandOver handOver(ReceivedEmail email);
}
