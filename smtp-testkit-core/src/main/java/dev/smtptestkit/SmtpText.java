package dev.smtptestkit;

import dev.smtptestkit.internal.format.Render;

/**
 * The test kit's text for recorded values, the same that its failure messages, the JUnit
 * extension's report entries and the standalone runner's console use: one line per event, a short
 * summary per email. AUTH credentials are masked. (For the dialogue of every session, see
 * {@link Mailbox#dialogue(int)}; for one session, {@link Transcript#render()}.)
 *
 * <pre>{@code
 * SmtpReceiver.builder().listener(event -> System.out.println(SmtpText.event(event)))
 * // [s1] connected from 127.0.0.1:53122
 * // [s1] C: EHLO client.example  S: 250-localhost greets client.example
 * }</pre>
 */
public final class SmtpText {

    private SmtpText() {
    }

    /**
     * One readable line for an event, for example {@code [s1] disconnected: QUIT} or
     * {@code [s1] C: MAIL FROM:<a@x>  S: 250 2.1.0 OK}.
     *
     * @param event the event
     * @return the line, without line break
     */
    public static String event(SmtpEvent event) {
        return Render.event(event);
    }

    /**
     * A short summary of an email: its id and size, the envelope, From, To, Cc, Subject,
     * Content-Type and the first lines of the body; the same as {@link ReceivedEmail#toString()}.
     *
     * @param email the email
     * @return several lines, the first {@code email <id> (<n> bytes)}
     */
    public static String email(ReceivedEmail email) {
        return Render.emailSummary(email);
    }
}
