package dev.smtptestkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smtptestkit.internal.script.ScriptFile;
import dev.smtptestkit.testing.SmtpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The script file of the standalone runner: one rule a line, errors naming the line. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ScriptFileTest {

    @Test
    void readsEveryKindOfRuleInOrder() {
        SmtpScript script = new SmtpScript();
        ScriptFile.apply(List.of(
                "# faults for the signup test",
                "",
                "rcpt bob@example.com reply 550 5.1.1 No such user",
                "rcpt /.*@blocked\\.example/ stall",
                "command MAIL times 2 per-session reply 421 4.3.2 Try again later",
                "command NOOP nth 3 reply 250 fine",
                "greeting delay 500ms",
                "greeting throttle 1000",
                "end-of-data drop",
                "end-of-data reset",
                "mail <> drop-after-reply",
                "command DATA drop-after 512",
                "command BDAT reply 552 5.3.4 Chunk refused",
                "greylisting 5s",
                "rate-limit 10",
                "rate-limit-per-receiver 100",
                "fail-then-succeed 2",
                "random 42 0.1",
                "hide PIPELINING CHUNKING"), script);

        assertThat(script.unusedRules()).containsExactly(
                "onRcpt(\"bob@example.com\").reply(550, \"5.1.1\", \"No such user\")",
                "onRcpt(/.*@blocked\\.example/).stall()",
                "onCommand(\"MAIL\").times(2).perSession().reply(421, \"4.3.2\", \"Try again later\")",
                "onCommand(\"NOOP\").nth(3).reply(250, \"\", \"fine\")",
                "onGreeting().delay(PT0.5S)",
                "onGreeting().throttle(1000)",
                "onEndOfData().drop()",
                "onEndOfData().reset()",
                "onMail(\"\").dropAfterReply()",
                "onCommand(\"DATA\").dropAfterOctets(512)",
                "onCommand(\"BDAT\").reply(552, \"5.3.4\", \"Chunk refused\")",
                "greylisting(PT5S)",
                "rateLimit(10)",
                "rateLimitPerReceiver(100)",
                "failThenSucceed(2)",
                "random(42, 0.1)");
    }

    @Test
    void badLinesNameTheLine() {
        assertError("rcp bob@example.com reply 550 x", "line 1: unknown rule 'rcp'; a line starts with greeting, "
                + "tls-handshake, command, mail, rcpt, end-of-data, greylisting, rate-limit, rate-limit-per-receiver, "
                + "fail-then-succeed, random or hide in \"rcp bob@example.com reply 550 x\"");
        assertError("rcpt bob@example.com rply 550", "line 1: unknown action 'rply'; expected reply, delay, drop, "
                + "reset, drop-after-reply, stall, drop-after, reset-after or throttle (after times N, nth N or "
                + "per-session) in \"rcpt bob@example.com rply 550\"");
        assertError("rcpt bob@example.com reply 550", "line 1: expected the reply text after the code at the end of "
                + "the line in \"rcpt bob@example.com reply 550\"");
        assertError("rcpt bob@example.com reply 450 5.1.1 No", "line 1: Enhanced status code \"5.1.1\" does not "
                + "match reply code 450: its class must be 4 (RFC 3463 2) in \"rcpt bob@example.com reply 450 5.1.1 No\"");
        assertError("greeting delay 5sec", "line 1: expected a duration such as 500ms, 5s or 2m, got '5sec' in "
                + "\"greeting delay 5sec\"");
        assertError("end-of-data drop now", "line 1: unexpected 'now' at the end of the rule in \"end-of-data drop now\"");
        assertError("rcpt /[/ drop", "line 1: bad pattern /[/: Unclosed character class in \"rcpt /[/ drop\"");
        assertError("rcpt", "line 1: expected an address or /REGEX/ after rcpt at the end of the line in \"rcpt\"");
    }

    private static void assertError(String line, String message) {
        List<String> lines = List.of("# first", line);
        assertThatThrownBy(() -> ScriptFile.apply(lines, new SmtpScript())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message.replaceFirst("^line 1:", "line 2:"));
    }

    @Test
    void aLoadedFileScriptsTheReceiver(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("faults.txt"), "rcpt bob@example.com reply 550 5.1.1 No such user\n");
        try (SmtpReceiver receiver = SmtpReceiver.builder().start()) {
            ScriptFile.load(file, receiver.script());
            try (SmtpClient client = SmtpClient.connect(receiver.port())) {
                client.command("EHLO me");
                client.command("MAIL FROM:<a@example.com>");
                assertThat(client.command("RCPT TO:<bob@example.com>")).isEqualTo("550 5.1.1 No such user");
            }
        }
        Path bad = Files.writeString(dir.resolve("bad.txt"), "\nstall\n");
        assertThatThrownBy(() -> ScriptFile.load(bad, new SmtpScript())).hasMessage("Script " + bad
                + " line 2: unknown rule 'stall'; a line starts with greeting, tls-handshake, command, mail, rcpt, end-of-data, "
                + "greylisting, rate-limit, rate-limit-per-receiver, fail-then-succeed, random or hide in \"stall\"");
    }

    @Test
    void loadingAFileWithABadLineLeavesTheRulesAsTheyWere(@TempDir Path dir) throws Exception {
        SmtpScript script = new SmtpScript();
        script.onCommand("NOOP").reply(250, "2.0.0", "kept");
        Path bad = Files.writeString(dir.resolve("bad.smtpscript"),
                "end-of-data drop\nhide PIPELINING\nrcpt carol@example.com rply 550 5.1.1 No\n");

        assertThatThrownBy(() -> script.load(bad)).isInstanceOf(IllegalArgumentException.class).hasMessage(
                "Script " + bad + " line 3: unknown action 'rply'; expected reply, delay, drop, reset, "
                        + "drop-after-reply, stall, drop-after, reset-after or throttle (after times N, nth N or "
                        + "per-session) in \"rcpt carol@example.com rply 550 5.1.1 No\"");

        assertThat(script.rules()).containsExactly("onCommand(\"NOOP\").reply(250, \"2.0.0\", \"kept\")");
        try (SmtpReceiver receiver = SmtpReceiver.builder().script(s -> {
            s.onCommand("NOOP").reply(250, "2.0.0", "kept");
            assertThatThrownBy(() -> s.load(bad)).isInstanceOf(IllegalArgumentException.class);
        }).start(); SmtpClient client = SmtpClient.connect(receiver.port())) {
            assertThat(client.command("EHLO me")).contains("PIPELINING"); // the bad file hid nothing
            assertThat(client.command("NOOP")).isEqualTo("250 2.0.0 kept");
        }
    }

    @Test
    void aLoadedFileIsAddedAfterTheCurrentRules(@TempDir Path dir) throws Exception {
        SmtpScript script = new SmtpScript();
        script.onGreeting().delay(java.time.Duration.ZERO);
        script.load(Files.writeString(dir.resolve("more.smtpscript"), "# more\nend-of-data drop\n"));
        assertThat(script.rules()).containsExactly("onGreeting().delay(PT0S)", "onEndOfData().drop()");
    }

    @Test
    void aScriptOnTheClassPathScriptsTheReceiver() {
        try (SmtpReceiver receiver = SmtpReceiver.builder()
                .script(s -> s.loadResource("scripts/refuse-bob.smtpscript")).start();
             SmtpClient client = SmtpClient.connect(receiver.port())) {
            assertThat(client.command("EHLO me")).doesNotContain("PIPELINING").doesNotContain("CHUNKING");
            client.command("MAIL FROM:<a@example.com>");
            assertThat(client.command("RCPT TO:<bob@example.com>")).isEqualTo("550 5.1.1 No such user");
            assertThat(receiver.script().rules())
                    .containsExactly("onRcpt(\"bob@example.com\").reply(550, \"5.1.1\", \"No such user\")");
        }
    }

    @Test
    void aMissingOrBadClassPathScriptIsNamedAndChangesNothing() {
        SmtpScript script = new SmtpScript();
        assertThatThrownBy(() -> script.loadResource("faults/nothing.smtpscript"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Script resource \"faults/nothing.smtpscript\" was not found on the class path: put the "
                        + "file under src/test/resources/faults/nothing.smtpscript, or correct the name");
        assertThatThrownBy(() -> script.loadResource("scripts/bad-line.smtpscript"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Script resource \"scripts/bad-line.smtpscript\" line 2: unknown action 'rply'; expected "
                        + "reply, delay, drop, reset, drop-after-reply, stall, drop-after, reset-after or throttle "
                        + "(after times N, nth N or per-session) in \"rcpt carol@example.com rply 550 5.1.1 No\"");
        assertThat(script.rules()).isEmpty();
    }
}
