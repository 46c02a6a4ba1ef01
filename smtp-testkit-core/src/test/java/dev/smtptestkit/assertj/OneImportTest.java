package dev.smtptestkit.assertj;

// The only assertion import of this file, on purpose: it must give AssertJ's own overloads too.
import static dev.smtptestkit.assertj.SmtpAssertions.*;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.SmtpReceiver;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Pins issue 15 "one static import": {@code SmtpAssertions.*} brings AssertJ's {@code assertThat}
 * overloads next to ours, without ambiguity. The file compiling is half the test; the other half is
 * that each call reaches the intended assert class and that the assertions still fail.
 */
@Timeout(20)
class OneImportTest {

    @Test
    void givesAssertjsOwnOverloadsAndOursWithoutAmbiguity() {
        try (SmtpReceiver receiver = SmtpReceiver.builder().start()) {
            Mailbox mailbox = receiver.mailbox();
            TestMail.send(receiver, "alice@example.com", List.of("bob@example.com"), TestMail.SIMPLE);

            assertThat(true).isTrue();
            assertThat("x").isEqualTo("x");
            assertThat(mailbox).singleEmail().hasSubject("Welcome 100% aboard");
            assertThat(mailbox.singleEmail()).hasTo("bob@example.com");
            assertThat(mailbox.transcripts().get(0)).containsCommandSubsequence("MAIL", "DATA");
            assertThatEvents(mailbox.events()).isNotNull();

            // Each call reaches the intended assert type, not AssertJ's generic assertThat(T).
            assertThat(assertThat(mailbox)).isExactlyInstanceOf(MailboxAssert.class);
            assertThat(assertThat(mailbox.singleEmail())).isExactlyInstanceOf(ReceivedEmailAssert.class);
            assertThat(assertThat(mailbox.transcripts().get(0))).isExactlyInstanceOf(TranscriptAssert.class);
            assertThat(assertThat(List.of(1))).isInstanceOf(org.assertj.core.api.ListAssert.class);

            assertThatThrownBy(() -> assertThat(false).isTrue()).isInstanceOf(AssertionError.class);
            assertThatThrownBy(() -> assertThat(mailbox).hasNoEmails())
                    .hasMessageContaining("Expecting the number of emails in the mailbox to be 0 but was 1.");
        }
    }
}
