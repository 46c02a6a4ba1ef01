package dev.smtptestkit.assertj;

import dev.smtptestkit.Attachment;
import dev.smtptestkit.Mailbox;
import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.SmtpEvent;
import dev.smtptestkit.Transcript;
import java.util.List;
import org.assertj.core.api.SoftAssertionsProvider;

/**
 * The soft versions of the {@link SmtpAssertions} entry points, for any AssertJ soft-assertions
 * class: implement this interface next to AssertJ's providers to mix them, or use
 * {@link SmtpSoftAssertions}.
 *
 * <p>Only the assert an entry point returns is soft. A navigation method ({@code singleEmail()},
 * {@code attachment(name)}, {@code singleSession()}, ...) returns a hard assert under AssertJ 3.x,
 * or {@code null} when the navigation itself failed (that failure is collected). In soft blocks,
 * navigate outside the assertion: {@code softly.assertThat(mailbox.singleEmail())}.
 */
public interface SmtpSoftAssertionsProvider extends SoftAssertionsProvider {

    /**
     * Soft assertions on a mailbox.
     *
     * @param mailbox the mailbox under test
     * @return the soft assert
     */
    default MailboxAssert assertThat(Mailbox mailbox) {
        return proxy(MailboxAssert.class, Mailbox.class, mailbox);
    }

    /**
     * Soft assertions on one received email.
     *
     * @param email the email under test
     * @return the soft assert
     */
    default ReceivedEmailAssert assertThat(ReceivedEmail email) {
        return proxy(ReceivedEmailAssert.class, ReceivedEmail.class, email);
    }

    /**
     * Soft assertions on an attachment or inline part.
     *
     * @param attachment the part under test
     * @return the soft assert
     */
    default AttachmentAssert assertThat(Attachment attachment) {
        return proxy(AttachmentAssert.class, Attachment.class, attachment);
    }

    /**
     * Soft assertions on the dialogue of one session.
     *
     * @param transcript the transcript under test
     * @return the soft assert
     */
    default TranscriptAssert assertThat(Transcript transcript) {
        return proxy(TranscriptAssert.class, Transcript.class, transcript);
    }

    /**
     * Soft assertions on an event log.
     *
     * @param events the events under test, in order
     * @return the soft assert
     */
    default EventLogAssert assertThatEvents(List<SmtpEvent> events) {
        return proxy(EventLogAssert.class, List.class, events);
    }
}
