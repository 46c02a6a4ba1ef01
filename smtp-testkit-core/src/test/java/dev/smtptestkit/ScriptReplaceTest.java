package dev.smtptestkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smtptestkit.testing.SmtpClient;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link SmtpScript#replaceWith(String)} and {@link SmtpScript#rules()}: all lines or nothing. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ScriptReplaceTest {

    private static final String BOB = "onRcpt(\"bob@example.com\").reply(550, \"5.1.1\", \"No such user\")";

    @Test
    void rulesListsEveryRuleInOrderUsedOrNot() {
        SmtpScript script = new SmtpScript();
        assertThat(script.rules()).isEmpty();
        script.onRcpt("bob@example.com").reply(550, "5.1.1", "No such user").onEndOfData().drop()
                .hideExtensions("CHUNKING");
        assertThat(script.rules()).containsExactly(BOB, "onEndOfData().drop()");
    }

    @Test
    void replacesEveryRuleAndHiddenExtensionWithTheText() {
        SmtpScript script = new SmtpScript();
        script.onGreeting().delay(java.time.Duration.ofSeconds(1)).hideExtensions("PIPELINING");

        script.replaceWith("# the signup test\r\nrcpt bob@example.com reply 550 5.1.1 No such user\r\n\r\n"
                + "end-of-data drop\n");

        assertThat(script.rules()).containsExactly(BOB, "onEndOfData().drop()");
        assertThat(script.unusedRules()).containsExactly(BOB, "onEndOfData().drop()");
        assertThat(script.replaceWith("").rules()).isEmpty();
        assertThat(script.replaceWith("# nothing yet").rules()).isEmpty();
    }

    @Test
    void aBadLineChangesNothingAndIsNamed() {
        SmtpScript script = new SmtpScript();
        script.replaceWith("rcpt bob@example.com reply 550 5.1.1 No such user");

        assertThatThrownBy(() -> script.replaceWith("end-of-data drop\nrcpt carol@example.com rply 550\nhide SIZE"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Script line 2: unknown action 'rply'; expected reply, delay, drop, reset, "
                        + "drop-after-reply, stall, drop-after, reset-after or throttle (after times N, nth N or "
                        + "per-session) in \"rcpt carol@example.com rply 550\"");
        assertThatThrownBy(() -> script.replaceWith("hide SIZE\nhide NOTHING"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Script line 2: ");
        assertThatThrownBy(() -> script.replaceWith("greeting drop\n".repeat(10_001)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Script has 10001 lines; at most 10000 are read");

        assertThat(script.rules()).containsExactly(BOB);
    }

    @Test
    void aReplacedScriptAnswersTheNextCommandAndABadOneLeavesTheOldRules() {
        try (SmtpReceiver receiver = SmtpReceiver.builder().start()) {
            receiver.script().onRcpt("carol@example.com").reply(550, "5.1.1", "Old rule");
            receiver.script().replaceWith("rcpt bob@example.com reply 550 5.1.1 No such user\nhide PIPELINING");
            assertThatThrownBy(() -> receiver.script().replaceWith("rcpt bob@example.com drop\nbogus"))
                    .isInstanceOf(IllegalArgumentException.class);
            try (SmtpClient client = SmtpClient.connect(receiver.port())) {
                assertThat(client.command("EHLO me")).startsWith("250-").doesNotContain("PIPELINING");
                client.command("MAIL FROM:<a@example.com>");
                assertThat(client.command("RCPT TO:<bob@example.com>")).isEqualTo("550 5.1.1 No such user");
                assertThat(client.command("RCPT TO:<carol@example.com>")).startsWith("250 ");
            }
            assertThat(receiver.script().unusedRules()).isEmpty();
            assertThat(receiver.script().rules()).containsExactly(BOB);
        }
    }
}
