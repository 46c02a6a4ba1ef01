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

    static final String DIALOGUE = """

            Dialogue of session s1:
              S: 220 localhost ESMTP smtp-testkit ready
              C: EHLO client.example
              S: 250-localhost greets client.example
              S: 250-SIZE 67108864
              S: 250-8BITMIME
              S: 250-PIPELINING
              S: 250-SMTPUTF8
              S: 250-ENHANCEDSTATUSCODES
              S: 250-CHUNKING
              S: 250 DSN
              C: MAIL FROM:<alice@example.com>
              S: 250 2.1.0 Sender OK
              C: RCPT TO:<bob@example.com>
              S: 250 2.1.5 Recipient OK
              C: DATA
              S: 354 Start mail input; end with <CRLF>.<CRLF>
              C: <314 bytes>
              S: 250 2.0.0 OK: message accepted as s1.1
              C: QUIT
              S: 221 2.0.0 localhost closing connection""";

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
        then(message).isEqualTo("\n" + "Expecting a reply with code 550 in session s1 but the codes sent were"
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
        then(message).isEqualTo("\n" + "Expecting the client of session s1 to pipeline (send a command before the previous"
                + " reply, RFC 2920) but it waited for every reply." + DIALOGUE);
    }
}
