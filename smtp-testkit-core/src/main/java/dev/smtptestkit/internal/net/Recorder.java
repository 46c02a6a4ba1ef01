package dev.smtptestkit.internal.net;

import dev.smtptestkit.ProtocolViolation;
import dev.smtptestkit.SmtpEvent;
import dev.smtptestkit.Transcript;

/** Where connections put what happened: the mailbox and the listeners behind it. */
public interface Recorder {

    /** Records an event and tells the listeners. */
    void event(SmtpEvent event);

    /** Adds a line to a session's transcript. */
    void transcript(String sessionId, Transcript.Line line);

    /** Records a violation. */
    void violation(ProtocolViolation violation);
}
