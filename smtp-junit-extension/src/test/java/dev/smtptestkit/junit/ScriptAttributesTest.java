package dev.smtptestkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.junit.SmtpServer.Scope;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code hideExtensions} and {@code script}: one behaviour for a whole class, per test or class-wide. */
@Timeout(60)
class ScriptAttributesTest {

    // The EHLO reply as the transcript renders it: "250 localhost greets me (SIZE ..., DSN)"
    static String ehlo(SmtpReceiver receiver, Mailbox mailbox) {
        TestMail.converse(receiver, "EHLO client.example", "QUIT");
        return mailbox.transcripts().get(mailbox.transcripts().size() - 1).render().lines()
                .filter(line -> line.contains(" greets ")).findFirst().orElseThrow();
    }

    // The first RCPT of a new triplet is greylisted, its retry accepted; bob is refused.
    static void greylistsAndRefusesBob(SmtpReceiver receiver, String recipient) {
        List<String> replies = TestMail.converse(receiver, "EHLO client.example", "MAIL FROM:<a@example.com>",
                "RCPT TO:<" + recipient + ">", "RCPT TO:<" + recipient + ">", "RCPT TO:<bob@example.com>", "QUIT");
        assertThat(replies.subList(3, 6)).containsExactly("451 4.7.1 Greylisted, please try again in 0 seconds",
                "250 2.1.5 Recipient OK", "550 5.1.1 No such user");
    }

    @Tag("fixture")
    @SmtpServer(hideExtensions = {"CHUNKING", "pipelining"}, script = "faults/greylist.smtpscript")
    static class PerTestCase {
        @Test
        void hidesTheExtensions(SmtpReceiver receiver, Mailbox mailbox) {
            assertThat(ehlo(receiver, mailbox)).doesNotContain("CHUNKING").doesNotContain("PIPELINING")
                    .contains("SIZE", "DSN");
            assertThat(TestMail.converse(receiver, "EHLO client.example", "MAIL FROM:<a@example.com>",
                    "RCPT TO:<b@example.com>", "BDAT 0 LAST")).last().asString().startsWith("503 ");
        }

        @Test
        void runsTheScript(SmtpReceiver receiver) {
            greylistsAndRefusesBob(receiver, "b@example.com");
            assertThat(receiver.script().unusedRules()).isEmpty();
        }

        @Test
        void aSecondTestGetsItsOwnScriptAfresh(SmtpReceiver receiver) {
            greylistsAndRefusesBob(receiver, "b@example.com"); // a new receiver has seen no triplet yet
        }
    }

    @Tag("fixture")
    @SmtpServer(scope = Scope.PER_CLASS, hideExtensions = "SMTPUTF8", script = "faults/greylist.smtpscript")
    static class PerClassCase {
        @Test
        void hidesTheExtension(SmtpReceiver receiver, Mailbox mailbox) {
            assertThat(ehlo(receiver, mailbox)).doesNotContain("SMTPUTF8").contains("CHUNKING");
        }

        @Test
        void runsTheScript(SmtpReceiver receiver) {
            // class-wide: the greylist remembers the triplets of the other tests, so a recipient of its own
            greylistsAndRefusesBob(receiver, "per-class@example.com");
            assertThat(receiver.script().rules()).containsExactly(
                    "onRcpt(\"bob@example.com\").reply(550, \"5.1.1\", \"No such user\")", "greylisting(PT0S)");
        }
    }

    @ParameterizedTest
    @EnumSource(TestInstance.Lifecycle.class)
    void everyTestOfTheClassGetsTheHiddenExtensionsAndTheScript(TestInstance.Lifecycle lifecycle) {
        Fixtures.assertPassed(Fixtures.run(PerTestCase.class, lifecycle), 3);
    }

    @ParameterizedTest
    @EnumSource(TestInstance.Lifecycle.class)
    void aClassWideReceiverHasThemToo(TestInstance.Lifecycle lifecycle) {
        Fixtures.assertPassed(Fixtures.run(PerClassCase.class, lifecycle), 2);
    }

    @Tag("fixture")
    @SmtpServer(hideExtensions = {"SIZE", "CHUNKIN"})
    static class UnknownKeywordCase {
        @Test
        void test() {
        }
    }

    @Tag("fixture")
    @SmtpServer(script = "faults/missing.smtpscript")
    static class MissingScriptCase {
        @Test
        void test() {
        }
    }

    @Tag("fixture")
    @SmtpServer(scope = Scope.PER_CLASS, script = "faults/bad-line.smtpscript")
    static class BadLineCase {
        @Test
        void test() {
        }
    }

    @ParameterizedTest
    @EnumSource(TestInstance.Lifecycle.class)
    void badScriptAttributesSayWhatIsWrong(TestInstance.Lifecycle lifecycle) {
        assertThat(Fixtures.singleContainerFailure(Fixtures.run(UnknownKeywordCase.class, lifecycle)))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@SmtpServer on class UnknownKeywordCase: Cannot hide extension \"CHUNKIN\": this receiver "
                        + "offers only SIZE, 8BITMIME, PIPELINING, SMTPUTF8, ENHANCEDSTATUSCODES, CHUNKING, DSN, "
                        + "STARTTLS, AUTH");
        assertThat(Fixtures.singleContainerFailure(Fixtures.run(MissingScriptCase.class, lifecycle)))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@SmtpServer on class MissingScriptCase: Script resource \"faults/missing.smtpscript\" was "
                        + "not found on the class path: put the file under "
                        + "src/test/resources/faults/missing.smtpscript, or correct the name");
        assertThat(Fixtures.singleContainerFailure(Fixtures.run(BadLineCase.class, lifecycle)))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@SmtpServer on class BadLineCase: Script resource \"faults/bad-line.smtpscript\" line 3: "
                        + "unknown action 'rply'; expected reply, delay, drop, reset, drop-after-reply, stall, "
                        + "drop-after, reset-after or throttle (after times N, nth N or per-session) in "
                        + "\"rcpt carol@example.com rply 550 5.1.1 No\"");
    }
}
