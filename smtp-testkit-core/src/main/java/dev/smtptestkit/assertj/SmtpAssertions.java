package dev.smtptestkit.assertj;

import dev.smtptestkit.Attachment;
import dev.smtptestkit.Mailbox;
import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.SmtpEvent;
import dev.smtptestkit.Transcript;
import java.util.List;

/**
 * The entry point of the AssertJ assertions for received mail. Import it statically next to
 * AssertJ's {@code Assertions}; the overloads take only smtp-testkit types, so they never clash.
 *
 * <pre>{@code
 * import static dev.smtptestkit.assertj.SmtpAssertions.assertThat;
 * import static dev.smtptestkit.assertj.SmtpAssertions.assertThatEvents;
 *
 * assertThat(mailbox).awaitsEmails(1)
 *         .singleEmail()
 *         .hasSubject("Welcome")
 *         .hasTo("new.user@example.com")
 *         .textBodyContains("activate");
 * assertThat(mailbox).hasNoProtocolViolations();
 * assertThatEvents(mailbox.events()).hasDisconnectReason(DisconnectReason.QUIT);
 * }</pre>
 *
 * <p>The event log is a {@code List<SmtpEvent>}; its entry point is named {@link #assertThatEvents}
 * rather than {@code assertThat}, because an {@code assertThat(List)} overload would compete with
 * AssertJ's own for every list when both classes are statically imported. From a mailbox,
 * {@code assertThat(mailbox).events()} reaches the same assertions.
 */
public final class SmtpAssertions {

    private SmtpAssertions() {
    }

    /**
     * Assertions on a mailbox: counts, addresses, waiting, violations, navigation.
     *
     * @param mailbox the mailbox under test
     * @return the assert
     */
    public static MailboxAssert assertThat(Mailbox mailbox) {
        return new MailboxAssert(mailbox);
    }

    /**
     * Assertions on one received email.
     *
     * @param email the email under test
     * @return the assert
     */
    public static ReceivedEmailAssert assertThat(ReceivedEmail email) {
        return new ReceivedEmailAssert(email);
    }

    /**
     * Assertions on an attachment or inline part.
     *
     * @param attachment the part under test
     * @return the assert
     */
    public static AttachmentAssert assertThat(Attachment attachment) {
        return new AttachmentAssert(attachment);
    }

    /**
     * Assertions on the dialogue of one session.
     *
     * @param transcript the transcript under test
     * @return the assert
     */
    public static TranscriptAssert assertThat(Transcript transcript) {
        return new TranscriptAssert(transcript);
    }

    /**
     * Assertions on an event log, usually {@link Mailbox#events()}.
     *
     * @param events the events under test, in order
     * @return the assert
     */
    public static EventLogAssert assertThatEvents(List<SmtpEvent> events) {
        return new EventLogAssert(events);
    }
}
