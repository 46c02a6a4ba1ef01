package dev.smtptestkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.SmtpReceiver;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.AssertionFailedError;

/** {@code strict}, {@code failOnUnreadMail} and {@code failOnUnusedScriptRules}: tests fail for what the client did wrong or the test ignored. */
@Timeout(60)
class StrictModeTest {

    static final Map<String, Integer> PORTS = new ConcurrentHashMap<>();

    static final String XYZZY_DIALOGUE = "    S: 220 localhost ESMTP smtp-testkit ready\n"
            + "    C: EHLO client.example\n"
            + "    S: 250 localhost greets client.example (SIZE 67108864, 8BITMIME, PIPELINING, SMTPUTF8, "
            + "ENHANCEDSTATUSCODES, CHUNKING, DSN)\n"
            + "    C: XYZZY\n"
            + "    S: 500 5.5.1 Command unrecognized\n"
            + "    C: QUIT\n"
            + "    S: 221 2.0.0 localhost closing connection";

    @Tag("fixture")
    @SmtpServer(strict = true)
    static class StrictCase {
        @Test
        void unknownCommand(SmtpReceiver receiver) {
            PORTS.put("unknown", receiver.port());
            TestMail.converse(receiver, "EHLO client.example", "XYZZY", "QUIT");
        }

        @Test
        void unknownCommandInAFailingTest(SmtpReceiver receiver) {
            TestMail.converse(receiver, "EHLO client.example", "XYZZY", "QUIT");
            throw new AssertionError("the test's own failure");
        }

        @Test
        void wellBehavedClient(SmtpReceiver receiver, Mailbox mailbox) {
            TestMail.send(receiver, "someone@example.com", "fine");
            assertThat(mailbox.violations()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestInstance.Lifecycle.class)
    void strictFailsAPassingTestInWhichTheClientSentAnUnknownCommand(TestInstance.Lifecycle lifecycle) {
        PORTS.clear();

        EngineExecutionResults results = Fixtures.run(StrictCase.class, lifecycle);

        results.testEvents().assertStatistics(s -> s.started(3).succeeded(1).failed(2));
        Throwable unknown = Fixtures.failureOf(results, "unknownCommand(");
        assertThat(unknown).isInstanceOf(AssertionFailedError.class).hasMessage(
                "Strict SMTP check (@SmtpServer on class StrictCase, strict = true): 1 protocol problem during this test:\n"
                + "  session s1: unrecognized command (RFC 5321 4.2.4): XYZZY\n"
                + "SMTP dialogue of the receiver on 127.0.0.1:" + PORTS.get("unknown") + ":\n"
                + "  session s1:\n"
                + XYZZY_DIALOGUE);

        // In a test that failed anyway, the strict finding is attached to the test's own failure.
        Throwable both = Fixtures.failureOf(results, "unknownCommandInAFailingTest");
        assertThat(both).hasMessage("the test's own failure");
        assertThat(both.getSuppressed()).singleElement().isInstanceOf(AssertionFailedError.class)
                .extracting(Throwable::getMessage).asString()
                .startsWith("Strict SMTP check (@SmtpServer on class StrictCase, strict = true): 1 protocol problem")
                .endsWith(XYZZY_DIALOGUE);
    }

    @Tag("fixture")
    @SmtpServer(strict = true, idleTimeout = "300ms")
    static class IdleCase {
        @Test
        void silentClient(SmtpReceiver receiver, Mailbox mailbox) {
            assertThat(TestMail.silent(receiver)).startsWith("421 ");
            mailbox.awaitEvent(dev.smtptestkit.SmtpEvent.ClientDisconnected.class, d -> true, Duration.ofSeconds(10));
        }
    }

    @Test
    void strictFailsATestWhoseSessionEndedByTimeout() {
        Throwable failure = Fixtures.singleTestFailure(Fixtures.run(IdleCase.class, TestInstance.Lifecycle.PER_METHOD));

        assertThat(failure.getMessage())
                .startsWith("Strict SMTP check (@SmtpServer on class IdleCase, strict = true): 1 protocol problem during "
                        + "this test:\n  [s1] disconnected: IDLE_TIMEOUT")
                .contains("S: 421 Idle timeout");
    }

    @Tag("fixture")
    @SmtpServer(failOnUnreadMail = true)
    static class UnreadCase {
        @Test
        void readsOnlyOneOfTwo(SmtpReceiver receiver, Mailbox mailbox) {
            PORTS.put("unread", receiver.port());
            TestMail.send(receiver, "a@example.com", "read me");
            TestMail.send(receiver, "b@example.com", "forgotten");
            ReceivedEmail first = mailbox.awaitEmail(e -> e.subject().equals("read me"));
            assertThat(first.envelope().recipients()).containsExactly("a@example.com");
        }

        @Test
        void countsButNeverReads(SmtpReceiver receiver, Mailbox mailbox) {
            TestMail.send(receiver, "a@example.com", "counted");
            assertThat(mailbox.size()).isEqualTo(1);
        }

        @Test
        void readsEverything(SmtpReceiver receiver, Mailbox mailbox) {
            TestMail.send(receiver, "a@example.com", "one");
            TestMail.send(receiver, "b@example.com", "two");
            assertThat(mailbox.emails()).hasSize(2);
        }

        @Test
        void readsTheSingleEmail(SmtpReceiver receiver, Mailbox mailbox) {
            TestMail.send(receiver, "a@example.com", "one");
            assertThat(mailbox.singleEmail().subject()).isEqualTo("one");
        }

        @Test
        void readsByRecipient(SmtpReceiver receiver, Mailbox mailbox) {
            TestMail.send(receiver, "a@example.com", "one");
            assertThat(mailbox.emailsTo("a@example.com")).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(TestInstance.Lifecycle.class)
    void failOnUnreadMailFailsTestsThatIgnoredMail(TestInstance.Lifecycle lifecycle) {
        PORTS.clear();

        EngineExecutionResults results = Fixtures.run(UnreadCase.class, lifecycle);

        results.testEvents().assertStatistics(s -> s.started(5).succeeded(3).failed(2));
        assertThat(Fixtures.failureOf(results, "readsOnlyOneOfTwo").getMessage()).startsWith(
                "Strict SMTP check (@SmtpServer on class UnreadCase, failOnUnreadMail = true): 1 email arrived that "
                + "the test never read:\n"
                + "  email s2.1 (")
                .contains("  envelope: MAIL FROM:<sender@example.com> RCPT TO:[<b@example.com>]\n"
                        + "    From: sender@example.com\n"
                        + "    To: b@example.com\n")
                .contains("    Subject: forgotten\n")
                .contains("\nRead mail through the Mailbox (singleEmail(), emails(), awaitEmails(n)).\n"
                        + "SMTP dialogue of the receiver on 127.0.0.1:" + PORTS.get("unread") + ":\n  session s1:\n");
        assertThat(Fixtures.failureOf(results, "countsButNeverReads").getMessage())
                .contains("1 email arrived that the test never read:\n  email s1.1 (");
    }

    @Tag("fixture")
    @SmtpServer(failOnUnusedScriptRules = true)
    static class UnusedRulesCase {
        @Test
        void aStaleRuleForAnotherRecipient(SmtpReceiver receiver, Mailbox mailbox) {
            receiver.script().onRcpt("bob@example.com").reply(550, "5.1.1", "No such user");
            TestMail.send(receiver, "robert@example.com", "renamed");
            assertThat(mailbox.singleEmail().subject()).isEqualTo("renamed");
        }

        @Test
        void aRuleThatFired(SmtpReceiver receiver, Mailbox mailbox) {
            receiver.script().onMail("sender@example.com").delay(Duration.ofMillis(1));
            TestMail.send(receiver, "robert@example.com", "delayed");
            assertThat(mailbox.singleEmail().subject()).isEqualTo("delayed");
        }
    }

    @ParameterizedTest
    @EnumSource(TestInstance.Lifecycle.class)
    void failOnUnusedScriptRulesFailsATestWhoseRuleNeverFired(TestInstance.Lifecycle lifecycle) {
        EngineExecutionResults results = Fixtures.run(UnusedRulesCase.class, lifecycle);

        results.testEvents().assertStatistics(s -> s.started(2).succeeded(1).failed(1));
        assertThat(Fixtures.failureOf(results, "aStaleRuleForAnotherRecipient").getMessage()).startsWith(
                "Strict SMTP check (@SmtpServer on class UnusedRulesCase, failOnUnusedScriptRules = true): 1 script "
                + "rule never fired during this test:\n"
                + "  onRcpt(\"bob@example.com\").reply(550, \"5.1.1\", \"No such user\")\n"
                + "Remove the rule, or check that the client reached the step it is for.");
    }

    @Tag("fixture")
    @SmtpServer(scope = SmtpServer.Scope.PER_CLASS, failOnUnusedScriptRules = true)
    static class UnusedRulesClassWide {
        @Test
        void any(SmtpReceiver receiver) {
            assertThat(receiver.isRunning()).isTrue();
        }
    }

    @Test
    void failOnUnusedScriptRulesNeedsAReceiverPerTest() {
        EngineExecutionResults results = Fixtures.run(UnusedRulesClassWide.class, TestInstance.Lifecycle.PER_METHOD);

        assertThat(Fixtures.singleContainerFailure(results).getMessage()).isEqualTo(
                "@SmtpServer on class UnusedRulesClassWide: failOnUnusedScriptRules = true needs scope = PER_TEST: a "
                + "class-wide script's rules may fire in any of the class's tests. Drop scope = PER_CLASS, or call "
                + "receiver.script().assertAllRulesUsed() in an @AfterAll method.");
    }
}
