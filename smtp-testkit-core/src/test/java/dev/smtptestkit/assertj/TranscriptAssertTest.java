package dev.smtptestkit.assertj;

import static dev.smtptestkit.assertj.SmtpAssertions.assertThat;
import static dev.smtptestkit.assertj.TestMail.failureOf;
import static org.assertj.core.api.BDDAssertions.then;

import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.Transcript;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class TranscriptAssertTest {

    static final String DIALOGUE = "\nDialogue of session s1:\n"
            + TestMail.dialogue("  ", TestMail.transaction("alice@example.com", "bob@example.com", 311));

    private static Transcript waiting;
    private static Transcript pipelined;

    @BeforeAll
    static void recordDialogues() {
        try (SmtpReceiver receiver = SmtpReceiver.builder().start()) {
            TestMail.send(receiver, "alice@example.com", List.of("bob@example.com"), TestMail.SIMPLE);
            TestMail.sendPipelined(receiver);
            waiting = receiver.mailbox().transcripts().get(0);
            pipelined = receiver.mailbox().transcripts().get(1);
        }
    }

    @Test
    void hasCommandsPassesOnTheExactVerbsIgnoringCase() {
        assertThat(waiting).hasCommands("ehlo", "MAIL", "RCPT", "DATA", "QUIT");
    }

    @Test
    void hasCommandsFails() {
        String message = failureOf(() -> assertThat(waiting).hasCommands("HELO", "MAIL", "RCPT", "DATA", "QUIT"));
        then(message).isEqualTo("\n" + """
                Expecting the commands of session s1:
                  [EHLO, MAIL, RCPT, DATA, QUIT]
                to be exactly:
                  [HELO, MAIL, RCPT, DATA, QUIT]
                but they differ.""" + DIALOGUE);
    }

    @Test
    void containsCommandSequencePasses() {
        assertThat(waiting).containsCommandSequence("RCPT", "DATA");
    }

    @Test
    void containsCommandSequenceFailsWhenAnotherCommandIsInBetween() {
        String message = failureOf(() -> assertThat(waiting).containsCommandSequence("MAIL", "DATA"));
        then(message).isEqualTo("\n" + """
                Expecting the commands of session s1:
                  [EHLO, MAIL, RCPT, DATA, QUIT]
                to contain the sequence:
                  [MAIL, DATA]
                but they do not.""" + DIALOGUE);
    }

    @Test
    void containsCommandSubsequencePassesWithGaps() {
        assertThat(waiting).containsCommandSubsequence("EHLO", "DATA", "QUIT");
    }

    @Test
    void containsCommandSubsequenceFailsOnTheWrongOrder() {
        String message = failureOf(() -> assertThat(waiting).containsCommandSubsequence("DATA", "MAIL"));
        then(message).isEqualTo("\n" + """
                Expecting the commands of session s1:
                  [EHLO, MAIL, RCPT, DATA, QUIT]
                to contain the subsequence:
                  [DATA, MAIL]
                but they do not.""" + DIALOGUE);
    }

    @Test
    void hasReplyCodePasses() {
        assertThat(waiting).hasReplyCode(354).hasReplyCode(221);
    }

    @Test
    void hasReplyCodeFailsListingTheCodesSent() {
        String message = failureOf(() -> assertThat(waiting).hasReplyCode(550));
        then(message).isEqualTo("\nExpecting a reply with code 550 in session s1 but the codes sent were"
                + " [220, 250, 354, 221]." + DIALOGUE);
    }

    @Test
    void hasEhloNamePasses() {
        assertThat(waiting).hasEhloName("client.example");
    }

    @Test
    void hasEhloNameFails() {
        String message = failureOf(() -> assertThat(waiting).hasEhloName("mail.example"));
        then(message).isEqualTo("\n" + """
                Expecting the EHLO name of session s1 to be:
                  "mail.example"
                but was:
                  "client.example\"""" + DIALOGUE);
    }

    @Test
    void usedPipeliningPassesWhenCommandsWereSentAheadOfReplies() {
        assertThat(pipelined).usedPipelining();
    }

    @Test
    void usedPipeliningFailsWhenTheClientWaitedForEveryReply() {
        String message = failureOf(() -> assertThat(waiting).usedPipelining());
        then(message).isEqualTo("\nExpecting the client of session s1 to pipeline (send a command before the previous"
                + " reply, RFC 2920) but it waited for every reply." + DIALOGUE);
    }
}
