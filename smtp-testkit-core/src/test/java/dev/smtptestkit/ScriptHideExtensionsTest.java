package dev.smtptestkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.testing.SmtpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each extension a script can hide: gone from the EHLO reply, and refused when a client uses it
 * anyway, while the receiver without the script offers it (so the test can fail).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ScriptHideExtensionsTest {

    private final SmtpReceiver receiver = SmtpReceiver.builder().tls(TlsMode.STARTTLS)
            .auth(AuthPolicy.acceptAny()).start();

    @AfterEach
    void stop() {
        receiver.close();
    }

    // The EHLO keywords, one a line: "SIZE 67108864" -> "SIZE"
    private static List<String> keywords(String ehlo) {
        return ehlo.lines().skip(1).map(l -> l.substring(4).split(" ")[0]).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "SIZE                | MAIL FROM:<a@example.com> SIZE=100      | 555 5.5.4 Parameter SIZE not recognized or not implemented",
        "8BITMIME            | MAIL FROM:<a@example.com> BODY=8BITMIME | 555 5.5.4 Parameter BODY not recognized or not implemented",
        "SMTPUTF8            | MAIL FROM:<a@example.com> SMTPUTF8      | 555 5.5.4 Parameter SMTPUTF8 not recognized or not implemented",
        "DSN                 | MAIL FROM:<a@example.com> RET=HDRS      | 555 5.5.4 Parameter RET not recognized or not implemented",
        "STARTTLS            | STARTTLS                                | 502 5.5.1 STARTTLS not implemented",
        "AUTH                | AUTH PLAIN AGEAYg==                     | 502 5.5.1 AUTH not implemented",
        "CHUNKING            | BDAT 0 LAST                             | 503 5.5.1 Bad sequence of commands: BDAT requires EHLO (CHUNKING)",
        "ENHANCEDSTATUSCODES | NOOP                                    | 250 OK",
        "PIPELINING          | NOOP                                    | 250 2.0.0 OK",
    })
    void aHiddenExtensionIsNotOfferedAndIsRefusedWhenUsed(String keyword, String use, String reply) {
        try (SmtpClient client = SmtpClient.connect(receiver.port())) {
            assertThat(keywords(client.command("EHLO me"))).contains(keyword);
        }
        receiver.script().hideExtensions(keyword.toLowerCase(java.util.Locale.ROOT));
        try (SmtpClient client = SmtpClient.connect(receiver.port())) {
            assertThat(keywords(client.command("EHLO me"))).doesNotContain(keyword).isNotEmpty();
            if (use.startsWith("BDAT")) {
                client.command("MAIL FROM:<a@example.com>");
                client.command("RCPT TO:<b@example.com>");
            }
            assertThat(client.command(use)).isEqualTo(reply);
            if (keyword.equals("PIPELINING")) {
                client.send("NOOP\r\nNOOP\r\n"); // pipelined although not offered: the client's violation
                assertThat(client.replies(2)).containsExactly("250 2.0.0 OK", "250 2.0.0 OK");
            }
        }
        if (keyword.equals("PIPELINING")) {
            receiver.mailbox().awaitEvent(SmtpEvent.ClientDisconnected.class, e -> e.sessionId().equals("s2"),
                    Duration.ofSeconds(10));
            assertThat(receiver.mailbox().violations()).extracting(ProtocolViolation::rule)
                    .containsExactly(ProtocolViolation.Rule.COMMAND_BEFORE_REPLY);
        }
    }
}
