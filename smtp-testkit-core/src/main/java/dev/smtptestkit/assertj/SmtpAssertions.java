package dev.smtptestkit.assertj;

import dev.smtptestkit.Attachment;
import dev.smtptestkit.Mailbox;
import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.SmtpEvent;
import dev.smtptestkit.Transcript;
import java.util.List;
import org.assertj.core.api.Assertions;

/**
 * The entry point of the AssertJ assertions for received mail, and of AssertJ's own: this class
 * extends {@link Assertions}, so one static import gives both.
 *
 * <pre>{@code
 * import static dev.smtptestkit.assertj.SmtpAssertions.*;
 *
 * assertThat(mailbox).awaitsEmails(1)
 *         .singleEmail()
 *         .hasSubject("Welcome")
 *         .hasTo("new.user@example.com")
 *         .textBodyContains("activate");
 * assertThat(mailbox).hasNoProtocolViolations();
 * assertThat(mailbox.size()).isEqualTo(1);             // AssertJ's own, through the same import
 * assertThatEvents(mailbox.events()).hasDisconnectReason(DisconnectReason.QUIT);
 * }</pre>
 *
 * <p>The overloads declared here take only smtp-testkit types, each more specific than AssertJ's
 * generic {@code assertThat(T)}, so nothing is ambiguous; importing AssertJ's {@code Assertions}
 * statically as well does no harm (both name the same inherited methods).
 *
 * <p>The event log is a {@code List<SmtpEvent>}; its entry point is named {@link #assertThatEvents}
 * rather than {@code assertThat}, because an {@code assertThat(List)} overload would compete with
 * AssertJ's own for every list. From a mailbox, {@code assertThat(mailbox).events()} reaches the
 * same assertions.
 */
public final class SmtpAssertions extends Assertions {

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
