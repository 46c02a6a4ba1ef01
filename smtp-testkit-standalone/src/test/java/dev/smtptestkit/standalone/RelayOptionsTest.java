package dev.smtptestkit.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.smtptestkit.AuthPolicy;
import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.TlsMode;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 14: the runner's --relay options, end to end to a second receiver over STARTTLS with a login. */
@Timeout(60)
class RelayOptionsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void relaysToTheTargetOverStartTlsWithLoginAndPrintsTheResult() throws Exception {
        try (SmtpReceiver target = SmtpReceiver.builder().tls(TlsMode.STARTTLS).requireTls(true)
                .auth(AuthPolicy.users(Map.of("relay", "pw"))).requireAuth(true).start();
             SmtpReceiver runner = InProcess.start(new PrintStream(out, true, StandardCharsets.UTF_8), "--port", "0",
                     "--relay", "127.0.0.1:" + target.port(), "--relay-tls", "starttls",
                     "--relay-trust", target.caPemFile().toString(), "--relay-user", "relay",
                     "--relay-password", "pw", "--relay-auth", "LOGIN", "--relay-allow", ".*@example\\.test")) {
            Session session = Session.getInstance(runner.javaMailProperties());
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress("app@example.test"));
            message.addRecipient(Message.RecipientType.TO, new InternetAddress("bob@example.test"));
            message.addRecipient(Message.RecipientType.TO, new InternetAddress("someone@elsewhere.example"));
            message.setSubject("Via the runner");
            message.setText("Hello");
            Transport.send(message);

            ReceivedEmail atRunner = runner.mailbox().singleEmail();
            ReceivedEmail atTarget = target.mailbox().singleEmail();
            assertThat(atTarget.rawBytes()).isEqualTo(atRunner.rawBytes());
            assertThat(atTarget.envelope().recipients()).containsExactly("bob@example.test");
            await().atMost(Duration.ofSeconds(10)).until(() -> out.toString(StandardCharsets.UTF_8).contains("relay: "));
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("  relay: PARTIALLY_DELIVERED to "
                    + "[bob@example.test], 250 2.0.0 OK: message accepted as " + atTarget.id()
                    + "; someone@elsewhere.example: NOT_SENT (not sent: outside the relay allow-list .*@example\\.test)");
        }
    }

    @Test
    void aTargetOffThisMachineNeedsAnAllowList() {
        Main.Launch launch = Main.launch(new String[] {"--port", "0", "--relay", "192.0.2.1:25"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(launch.status()).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("--relay 192.0.2.1:25 is not a loopback address: "
                + "give --relay-allow PATTERN (for example '.*@example\\.test') so that only those recipients get mail."
                + System.lineSeparator());
    }

    @Test
    void relayOptionsWithoutRelayAreABadCommandLine() {
        Main.Launch launch = Main.launch(new String[] {"--port", "0", "--relay-allow", ".*"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(launch.status()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("The --relay-... options need --relay HOST:PORT." + System.lineSeparator());
    }
}
