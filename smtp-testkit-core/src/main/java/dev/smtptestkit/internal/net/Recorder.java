package dev.smtptestkit.internal.net;

import dev.smtptestkit.Envelope;
import dev.smtptestkit.ProtocolViolation;
import dev.smtptestkit.SmtpEvent;
import dev.smtptestkit.Transcript;
import dev.smtptestkit.internal.content.Content;
import java.time.Instant;

/**
 * Where connections put what happened: the mailbox and the listeners behind it. Implemented next to
 * the {@code Mailbox} (in package {@code dev.smtptestkit}), so the recording methods stay out of the API.
 */
public interface Recorder {

    /**
     * The recording of one session. Opening it records nothing and takes no lock; the first thing
     * the session records makes its record in the mailbox.
     */
    SessionLog open(String sessionId);

    /** What one session records, in the order it happens. */
    interface SessionLog {

        /** Records an event of this session and tells the listeners. */
        void event(SmtpEvent event);

        /** Adds a line to the session's transcript. */
        void transcript(Transcript.Line line);

        /**
         * Adds lines to the transcript and then records the session's event (null: none), as one
         * step: a reply's lines (behind the command they answer) and its {@code CommandReceived}.
         */
        void replied(Transcript.Line[] lines, SmtpEvent event);

        /** Records a violation. */
        void violation(ProtocolViolation violation);

        /**
         * An accepted message: the recorder builds the email over the received blocks (without
         * copying them), stores it and emits {@code EmailReceived}, all before the 250 is written
         * (record before reply). {@code replySent} is false when a script dropped the connection
         * after the final dot, before the reply.
         */
        HandOver delivered(String id, Envelope envelope, Content content, Instant receivedAt, boolean replySent);
    }

    /** What became of an accepted email. */
    enum HandOver {
        /** Stored (or no delivery handler): recorded, and the client hears 250. */
        STORED,
        /** The delivery handler could not store it (an IOException: a full disk, say): not recorded. */
        NO_STORAGE,
        /** The delivery handler failed otherwise: not recorded. */
        FAILED
    }
}
