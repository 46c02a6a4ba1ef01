package dev.smtptestkit.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.SmtpReceiver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10 point 15: what clients send reaches the console escaped, so ESC and BEL never reach
 * the terminal and a bare LF cannot start a line that looks like the runner's own.
 */
@Timeout(30)
class ConsoleOutputTest {

    @Test
    void escapesControlCharactersFromClientsEverywhereItPrintsThem() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            SmtpReceiver receiver = Main.start(Options.parse("--port", "0"), out);
            try (Client client = new Client(receiver.port())) {
                client.command("NOOP a\nFORGED 12:00:00.000  [s9] connected from 6.6.6.6:1");
                // C2 9B: U+009B in UTF-8, the 8-bit CSI some terminals obey
                client.command("NOOP \u001b]0;owned\u0007\u001b[2J\u00c2\u009b31m");
                client.sendMessage("From: a@example.com\r\nSubject: \u001b[31mred\u0007\r\n\r\nbody \u001b[1mbold\r\n");
                client.command("QUIT");
            } finally {
                receiver.close();
            }
        }
        byte[] bytes = printed.toByteArray();
        String text = printed.toString(StandardCharsets.UTF_8);

        assertThat(bytes).doesNotContain((byte) 0x1b, (byte) 0x07);
        assertThat(text).doesNotContain("\u009b", "\r");
        assertThat(text.lines()).noneMatch(line -> line.startsWith("FORGED"))
                .allMatch(line -> line.startsWith("  ") || line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3}  .*"));
        assertThat(text).contains("C: NOOP a\\nFORGED 12:00:00.000  [s9] connected from 6.6.6.6:1",
                "C: NOOP \\x1b]0;owned\\x07\\x1b[2J\\u009b31m",
                "subject \"\\x1b[31mred\\x07\"",
                "Subject: \\x1b[31mred\\x07",
                "| body \\x1b[1mbold");
    }

    @Test
    void escapesEveryKindOfControlCharacterAndLeavesTextAlone() {
        assertThat(Console.line("plain text, ünïcödé, \\ and \"quotes\"")).isEqualTo("plain text, ünïcödé, \\ and \"quotes\"");
        assertThat(Console.line("a\r\nb\tc\u0000\u007f\u0085\u2028\u202e")).isEqualTo("a\\r\\nb\\tc\\x00\\x7f\\u0085\\u2028\\u202e");
        assertThat(Console.block("one\n  two\u001b\r")).isEqualTo("one\n  two\\x1b\\r");
    }
}
