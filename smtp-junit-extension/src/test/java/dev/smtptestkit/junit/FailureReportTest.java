package dev.smtptestkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.junit.SmtpServer.Scope;
import dev.smtptestkit.junit.internal.SmtpDialogue;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** A failed test carries its SMTP dialogue: as a report entry and attached to the failure. */
@Timeout(60)
class FailureReportTest {

    static final Map<String, Integer> PORTS = new ConcurrentHashMap<>();

    /** The dialogue Angus Mail has with the receiver for one message (the DATA size varies). */
    static String angusDialogue(int port, String recipient) {
        return "SMTP dialogue of the receiver on 127.0.0.1:" + port + ":\n"
                + "  session s1:\n"
                + "    S: 220 localhost ESMTP smtp-testkit ready\n"
                + "    C: EHLO localhost\n"
                + "    S: 250 localhost greets localhost (SIZE 67108864, 8BITMIME, PIPELINING, SMTPUTF8, "
                + "ENHANCEDSTATUSCODES, CHUNKING, DSN)\n"
                + "    C: MAIL FROM:<sender@example.com>\n"
                + "    S: 250 2.1.0 Sender OK\n"
                + "    C: RCPT TO:<" + recipient + ">\n"
                + "    S: 250 2.1.5 Recipient OK\n"
                + "    C: DATA\n"
                + "    S: 354 Start mail input; end with <CRLF>.<CRLF>\n"
                + "    C: <BYTES bytes>\n"
                + "    S: 250 2.0.0 OK: message accepted as s1.1\n"
                + "    C: QUIT\n"
                + "    S: 221 2.0.0 localhost closing connection";
    }

    static String withoutSize(String dialogue) {
        return dialogue.replaceAll("C: <\\d+ bytes>", "C: <BYTES bytes>");
    }

    @Tag("fixture")
    @SmtpServer
    static class FailingCase {
        @Test
        void failsAfterSending(SmtpReceiver receiver, TestInfo info) {
            PORTS.put("failing", receiver.port());
            TestMail.send(receiver, "someone@example.com", "Hello");
            throw new AssertionError("expected a second email");
        }

        @Test
        void failsWithoutAnySession() {
            throw new IllegalStateException("nothing was sent");
        }

        @Test
        void passes(SmtpReceiver receiver) {
            TestMail.send(receiver, "someone@example.com", "Hello");
        }
    }

    @ParameterizedTest
    @EnumSource(TestInstance.Lifecycle.class)
    void aFailedTestShowsItsDialogueInTheFailureAndAsAReportEntry(TestInstance.Lifecycle lifecycle) {
        PORTS.clear();

        EngineExecutionResults results = Fixtures.run(FailingCase.class, lifecycle);

        results.testEvents().assertStatistics(s -> s.started(3).succeeded(1).failed(2));
        Throwable failure = Fixtures.failureOf(results, "failsAfterSending");
        assertThat(failure).hasMessage("expected a second email");
        assertThat(failure.getSuppressed()).singleElement().isInstanceOf(SmtpDialogue.class);
        String dialogue = failure.getSuppressed()[0].getMessage();
        assertThat(withoutSize(dialogue)).isEqualTo(angusDialogue(PORTS.get("failing"), "someone@example.com"));
        assertThat(failure.getSuppressed()[0].getStackTrace()).isEmpty();

        // One report entry per failed test; the passing test publishes none.
        assertThat(Fixtures.reportEntries(results, SmtpServerExtension.REPORT_ENTRY_KEY))
                .hasSize(2)
                .contains(dialogue)
                .anySatisfy(entry -> assertThat(entry).matches(
                        "SMTP dialogue of the receiver on 127\\.0\\.0\\.1:\\d+: no SMTP session"));
    }

    @Tag("fixture")
    @SmtpServer
    static class FailingMailboxCheckCase {
        @Test
        void failsInAMailboxCheckThatShowsTheDialogueItself(SmtpReceiver receiver, Mailbox mailbox) {
            TestMail.send(receiver, "a@example.com", "First");
            TestMail.send(receiver, "b@example.com", "Second");
            mailbox.singleEmail();
        }

        @Test
        void failsAfterTheMailboxCheckedAnEarlierDialogue(SmtpReceiver receiver, Mailbox mailbox) {
            TestMail.send(receiver, "a@example.com", "First");
            TestMail.send(receiver, "b@example.com", "Second");
            Throwable early = catchThrowable(mailbox::singleEmail);
            TestMail.send(receiver, "c@example.com", "Third");
            throw new AssertionError("failed later", early);
        }

        @Test
        void failsInAMailboxCheckThatShowsOnly40Lines(SmtpReceiver receiver, Mailbox mailbox) {
            for (int i = 1; i <= 4; i++) {
                TestMail.send(receiver, "a@example.com", "Hello #" + i); // 52 lines, the EHLO replies folded
            }
            mailbox.singleEmail();
        }
    }

    @Test
    void aFailureThatAlreadyShowsTheWholeDialogueDoesNotGetItTwice() {
        EngineExecutionResults results = Fixtures.run(FailingMailboxCheckCase.class, TestInstance.Lifecycle.PER_METHOD);

        Throwable failure = Fixtures.failureOf(results, "failsInAMailboxCheckThatShowsTheDialogueItself");
        assertThat(failure).hasMessageStartingWith("Expecting exactly one email but 2 arrived:")
                .hasMessageContaining("    C: RCPT TO:<b@example.com>");
        assertThat(failure.getSuppressed()).isEmpty();
        // A dialogue that has grown since it was shown is attached as usual.
        assertThat(Fixtures.failureOf(results, "failsAfterTheMailboxCheckedAnEarlierDialogue").getSuppressed())
                .singleElement().isInstanceOf(SmtpDialogue.class);
        // So is the longer dialogue (120 lines) when the failure could show only 40.
        assertThat(Fixtures.failureOf(results, "failsInAMailboxCheckThatShowsOnly40Lines"))
                .hasMessageContaining("\n    ... 19 more lines")
                .satisfies(f -> assertThat(f.getSuppressed()).singleElement().isInstanceOf(SmtpDialogue.class)
                        .extracting(Throwable::getMessage).asString().contains("\n  session s4:\n")
                        .doesNotContain("session s1:").endsWith("\n  (sessions s1, s2, s3 shown in the failure above)"));
        // The report entry is published for all three.
        assertThat(Fixtures.reportEntries(results, SmtpServerExtension.REPORT_ENTRY_KEY)).hasSize(3);
    }

    @Tag("fixture")
    @SmtpServer
    static class LongDialogueCase {
        @Test
        void sendsElevenEmailsAndFails(SmtpReceiver receiver) {
            for (int i = 1; i <= 11; i++) {
                TestMail.send(receiver, "someone@example.com", "Hello #" + i);
            }
            throw new AssertionError("expected a twelfth email");
        }
    }

    @Test
    void aLongDialogueIsCappedAt120LinesSayingHowManyMoreThereWere() {
        EngineExecutionResults results = Fixtures.run(LongDialogueCase.class, TestInstance.Lifecycle.PER_METHOD);

        String dialogue = Fixtures.singleTestFailure(results).getSuppressed()[0].getMessage();
        // Eleven sessions of 13 lines each (angusDialogue): s1 to s9 and three lines of s10 fill the 120 lines,
        // the rest is counted in recorded lines (the EHLO reply is 8 of them).
        assertThat(dialogue.lines().filter(l -> l.matches(" {4}[CS]: .*"))).hasSize(120);
        assertThat(dialogue).contains("\n  session s10:\n").doesNotContain("session s11")
                .endsWith("\n    C: EHLO localhost\n    S: 250 localhost greets localhost (SIZE 67108864, 8BITMIME, "
                        + "PIPELINING, SMTPUTF8, ENHANCEDSTATUSCODES, CHUNKING, DSN)\n    ... 10 more lines\n"
                        + "  ... 20 more lines in 1 more session");
    }

    @Tag("fixture")
    @SmtpServer(scope = Scope.PER_CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class ClassWideFailingCase {
        @Test
        @Order(1)
        void sendsAndPasses(SmtpReceiver receiver) {
            TestMail.send(receiver, "earlier@example.com", "earlier");
        }

        @Test
        @Order(2)
        void sendsAndFails(SmtpReceiver receiver) {
            PORTS.put("class-wide", receiver.port());
            TestMail.send(receiver, "later@example.com", "later");
            throw new AssertionError("failed");
        }
    }

    @ParameterizedTest
    @EnumSource(TestInstance.Lifecycle.class)
    void aClassWideReceiverShowsOnlyTheFailedTestsDialogue(TestInstance.Lifecycle lifecycle) {
        PORTS.clear();

        EngineExecutionResults results = Fixtures.run(ClassWideFailingCase.class, lifecycle);

        Throwable failure = Fixtures.singleTestFailure(results);
        assertThat(withoutSize(failure.getSuppressed()[0].getMessage()))
                .isEqualTo(angusDialogue(PORTS.get("class-wide"), "later@example.com").replace("session s1", "session s2")
                        .replace("accepted as s1.1", "accepted as s2.1"));
    }

    @Test
    void theDialogueTextIsTheSameInTheReportEntryAndTheFailure() {
        EngineExecutionResults results = Fixtures.run(ClassWideFailingCase.class, TestInstance.Lifecycle.PER_METHOD);

        assertThat(Fixtures.reportEntries(results, SmtpServerExtension.REPORT_ENTRY_KEY))
                .containsExactly(Fixtures.singleTestFailure(results).getSuppressed()[0].getMessage());
    }
}
