package dev.smtptestkit.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.smtptestkit.AuthMechanism;
import dev.smtptestkit.AuthPolicy;
import dev.smtptestkit.DisconnectReason;
import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.SmtpEvent;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.TlsMode;
import dev.smtptestkit.testing.AngusMail;
import jakarta.mail.AuthenticationFailedException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * STARTTLS (RFC 3207), implicit TLS (RFC 8314) and AUTH (RFC 4954) over real sockets: Angus Mail
 * with a production-like configuration, and a raw client for each RFC rule Angus cannot break.
 */
@Timeout(60)
class StartTlsAndAuthTest {

    private static final Map<String, String> USERS = Map.of("ada", "s3cret");
    private SmtpReceiver receiver;

    @AfterEach
    void close() {
        if (receiver != null) {
            receiver.close();
        }
    }

    private static void send(Properties props, String user, String password) throws Exception {
        AngusMail.send(props, user, password);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "LOGIN", "XOAUTH2"}) // XOAUTH2: the password is the token
    void angusMailWithStartTlsRequiredAndALoginDeliversAsInProduction(String mechanism) throws Exception {
        receiver = SmtpReceiver.builder().tls(TlsMode.STARTTLS).requireTls(true)
                .auth(AuthPolicy.users(USERS)).requireAuth(true).start();
        Properties props = receiver.javaMailProperties();
        props.setProperty("mail.smtp.auth.mechanisms", mechanism);

        send(props, "ada", "s3cret");

        ReceivedEmail email = receiver.mailbox().singleEmail();
        assertThat(email.envelope().tls()).hasValueSatisfying(t -> assertThat(t.protocol()).isIn("TLSv1.3", "TLSv1.2"));
        assertThat(email.envelope().auth()).hasValueSatisfying(a -> {
            assertThat(a.user()).isEqualTo("ada");
            assertThat(a.mechanism()).isEqualTo(AuthMechanism.valueOf(mechanism));
        });
        String dialogue = receiver.mailbox().transcripts().get(0).toString();
        assertThat(dialogue).contains("STARTTLS", "-- TLS started: TLSv1.").doesNotContain("s3cret")
                .doesNotContain("czNjcmV0"); // base64 of the password
        assertThat(receiver.mailbox().events().toString()).doesNotContain("s3cret");
        assertThat(receiver.mailbox().violations()).isEmpty();
    }

    @Test
    void pythonSmtplibLogsInWithCramMd5OverStartTls() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(new java.io.File("/usr/bin/python3").canExecute()
                || new java.io.File("/usr/local/bin/python3").canExecute(), "NOTICE: python3 not installed");
        receiver = SmtpReceiver.builder().tls(TlsMode.STARTTLS).auth(AuthPolicy.users(USERS)).start();
        String script = String.join("\n",
                "import smtplib, ssl, sys",
                "ctx = ssl.create_default_context(cafile=sys.argv[2])",
                "s = smtplib.SMTP('localhost', int(sys.argv[1]), timeout=10)",
                "s.starttls(context=ctx)",
                "s.ehlo()",
                "s.user, s.password = 'ada', 's3cret'",
                "s.auth('CRAM-MD5', s.auth_cram_md5)",
                "s.sendmail('app@example.com', ['user@example.com'], 'Subject: hi\\r\\n\\r\\nhello\\r\\n')",
                "s.quit()");
        Process python = new ProcessBuilder("python3", "-c", script, String.valueOf(receiver.port()),
                receiver.caPemFile().toString()).redirectErrorStream(true).start();
        String output = new String(python.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(python.waitFor()).as(output).isZero();

        ReceivedEmail email = receiver.mailbox().singleEmail();
        assertThat(email.envelope().auth()).hasValueSatisfying(a -> {
            assertThat(a.user()).isEqualTo("ada");
            assertThat(a.mechanism()).isEqualTo(AuthMechanism.CRAM_MD5);
        });
        assertThat(email.envelope().tls()).isPresent();
    }

    @Test
    void angusMailOverImplicitTlsWithALogin() throws Exception {
        receiver = SmtpReceiver.builder().tls(TlsMode.IMPLICIT).auth(AuthPolicy.acceptAny()).start();

        send(receiver.javaMailProperties(), "bob", "whatever");

        ReceivedEmail email = receiver.mailbox().singleEmail();
        assertThat(email.envelope().tls()).isPresent();
        assertThat(email.envelope().auth()).hasValueSatisfying(a -> assertThat(a.user()).isEqualTo("bob"));
        assertThat(receiver.url()).startsWith("smtps://");
    }

    @Test
    void aWrongPasswordIs535AndNoViolation() throws Exception {
        receiver = SmtpReceiver.builder().tls(TlsMode.STARTTLS).auth(AuthPolicy.users(USERS)).start();

        assertThatThrownBy(() -> send(receiver.javaMailProperties(), "ada", "wrong"))
                .isInstanceOf(AuthenticationFailedException.class).hasMessageContaining("535 5.7.8");
        assertThat(receiver.mailbox().violations()).isEmpty();
        assertThat(receiver.mailbox().emails()).isEmpty();
    }

    @Test
    void startTlsRulesOfRfc3207() throws Exception {
        receiver = SmtpReceiver.builder().tls(TlsMode.STARTTLS).start();
        try (TlsClient c = TlsClient.connect(receiver.port())) {
            c.reply();
            assertThat(c.write("EHLO client.example\r\n").reply()).anyMatch(l -> l.substring(4).equals("STARTTLS"));
            assertThat(c.send("STARTTLS now")).isEqualTo("501 5.5.4 Syntax error: STARTTLS takes no arguments");
            // CVE-2011-0411: a command pipelined behind STARTTLS in the same write is discarded
            c.write("STARTTLS\r\nMAIL FROM:<injected@example.com>\r\n");
            assertThat(c.reply()).containsExactly("220 2.0.0 Ready to start TLS");
            c.startTls(receiver.clientSslContext(), "localhost");
            // RFC 3207 4.2: the session starts over; no EHLO yet, and no transaction from the injection
            assertThat(c.send("RCPT TO:<b@example.com>")).startsWith("503 ");
            List<String> ehlo = c.write("EHLO client.example\r\n").reply();
            assertThat(ehlo).noneMatch(l -> l.contains("STARTTLS"));
            assertThat(c.send("RCPT TO:<b@example.com>")).isEqualTo("503 5.5.1 Bad sequence of commands: send MAIL first");
            assertThat(c.send("STARTTLS")).isEqualTo("503 5.5.1 Bad sequence of commands: TLS is already active");
            assertThat(c.send("QUIT")).startsWith("221 ");
        }
        assertThat(receiver.mailbox().transcripts().get(0).toString()).doesNotContain("injected@example.com");
    }

    @Test
    void mailBeforeStartTlsIsRefusedWhenTlsIsRequired() throws Exception {
        receiver = SmtpReceiver.builder().tls(TlsMode.STARTTLS).requireTls(true).auth(AuthPolicy.acceptAny()).start();
        try (TlsClient c = TlsClient.connect(receiver.port())) {
            c.reply();
            c.write("EHLO client.example\r\n").reply();
            assertThat(c.send("MAIL FROM:<a@example.com>")).isEqualTo("530 5.7.0 Must issue a STARTTLS command first");
            assertThat(c.send("AUTH PLAIN AGFkYQBzM2NyZXQ=")).isEqualTo("530 5.7.0 Must issue a STARTTLS command first");
        }
        assertThat(receiver.mailbox().violations()).isEmpty();
    }

    @Test
    void garbageInsteadOfAClientHelloEndsTheSessionAndOthersAreServed() throws Exception {
        receiver = SmtpReceiver.builder().tls(TlsMode.STARTTLS).start();
        try (TlsClient c = TlsClient.connect(receiver.port())) {
            c.reply();
            c.write("EHLO client.example\r\n").reply();
            assertThat(c.send("STARTTLS")).startsWith("220 ");
            c.write("this is no ClientHello\r\n");
            assertThat(c.closedByServer()).isTrue();
        }
        SmtpEvent.ClientDisconnected end = await().atMost(Duration.ofSeconds(10))
                .until(() -> receiver.mailbox().events(SmtpEvent.ClientDisconnected.class), l -> !l.isEmpty()).get(0);
        assertThat(end.reason()).isEqualTo(DisconnectReason.TLS_FAILED);
        assertThat(end.detail()).isNotBlank();
        try (TlsClient other = TlsClient.connect(receiver.port())) {
            assertThat(other.reply().get(0)).startsWith("220 ");
        }
    }

    @Test
    void aSilentClientOnTheSmtpsPortIsCutByTheIdleTimeout() throws Exception {
        receiver = SmtpReceiver.builder().tls(TlsMode.IMPLICIT).idleTimeout(Duration.ofMillis(500)).start();
        try (TlsClient c = TlsClient.connect(receiver.port())) {
            assertThat(c.closedByServer()).isTrue();
        }
        SmtpEvent.ClientDisconnected end = await().atMost(Duration.ofSeconds(10))
                .until(() -> receiver.mailbox().events(SmtpEvent.ClientDisconnected.class), l -> !l.isEmpty()).get(0);
        assertThat(end.reason()).isEqualTo(DisconnectReason.IDLE_TIMEOUT);
        assertThat(end.detail()).isEqualTo("no TLS handshake within 500 ms");
    }

    @Test
    void authRulesOfRfc4954() throws Exception {
        receiver = SmtpReceiver.builder().auth(AuthPolicy.users(USERS)).requireAuth(true).maxAuthFailures(3).start();
        try (TlsClient c = TlsClient.connect(receiver.port())) {
            c.reply();
            assertThat(c.write("EHLO client.example\r\n").reply()).anyMatch(l -> l.substring(4).equals("AUTH PLAIN LOGIN CRAM-MD5 XOAUTH2"));
            assertThat(c.send("MAIL FROM:<a@example.com>")).isEqualTo("530 5.7.0 Authentication required");
            assertThat(c.send("AUTH NTLM")).startsWith("504 5.5.4 ");
            assertThat(c.send("AUTH PLAIN not*base64")).startsWith("501 5.5.2 ");
            assertThat(c.send("AUTH LOGIN")).isEqualTo("334 VXNlcm5hbWU6");
            assertThat(c.send("*")).startsWith("501 5.0.0 ");
            assertThat(c.send("AUTH PLAIN")).isEqualTo("334 ");
            assertThat(c.send("AGFkYQB3cm9uZw==")).startsWith("535 5.7.8 "); // ada / wrong
            assertThat(c.send("AUTH PLAIN AGFkYQBzM2NyZXQ=")).startsWith("235 2.7.0 "); // ada / s3cret
            assertThat(c.send("AUTH PLAIN AGFkYQBzM2NyZXQ=")).startsWith("503 5.5.1 ");
            assertThat(c.send("MAIL FROM:<a@example.com> AUTH=<>")).startsWith("250 ");
            assertThat(c.send("QUIT")).startsWith("221 ");
        }
        String recorded = receiver.mailbox().transcripts().get(0).toString() + receiver.mailbox().events()
                + receiver.mailbox().violations();
        assertThat(recorded).contains("AUTH PLAIN ****").doesNotContain("AGFkYQBzM2NyZXQ=").doesNotContain("AGFkYQB3cm9uZw==");
        assertThat(receiver.mailbox().violations()).extracting(v -> v.rule().name()).containsExactly("COMMAND_SYNTAX", "BAD_SEQUENCE");
    }

    @Test
    void aPlaintextMechanismBeforeTlsGets538WhenTheReceiverInsists() throws Exception {
        receiver = SmtpReceiver.builder().tls(TlsMode.STARTTLS).auth(AuthPolicy.users(USERS)).authRequiresTls(true).start();
        try (TlsClient c = TlsClient.connect(receiver.port())) {
            c.reply();
            // RFC 4954 4: a mechanism that is not usable yet is not advertised; CRAM-MD5 sends no password
            assertThat(c.write("EHLO client.example\r\n").reply()).anyMatch(l -> l.substring(4).equals("AUTH CRAM-MD5"));
            assertThat(c.send("AUTH PLAIN AGFkYQBzM2NyZXQ="))
                    .isEqualTo("538 5.7.11 Encryption required for requested authentication mechanism");
            assertThat(c.send("AUTH LOGIN")).startsWith("538 5.7.11 ");
            assertThat(c.send("STARTTLS")).startsWith("220 ");
            c.startTls(receiver.clientSslContext(), "localhost");
            assertThat(c.write("EHLO client.example\r\n").reply())
                    .anyMatch(l -> l.substring(4).equals("AUTH PLAIN LOGIN CRAM-MD5 XOAUTH2"));
            assertThat(c.send("AUTH PLAIN AGFkYQBzM2NyZXQ=")).startsWith("235 2.7.0 ");
        }
        assertThat(receiver.mailbox().violations()).isEmpty();
    }

    @Test
    void repeatedFailedLoginsEndTheSession() throws Exception {
        receiver = SmtpReceiver.builder().auth(AuthPolicy.users(USERS)).maxAuthFailures(2).start();
        try (TlsClient c = TlsClient.connect(receiver.port())) {
            c.reply();
            c.write("EHLO client.example\r\n").reply();
            assertThat(c.send("AUTH PLAIN AGFkYQB3cm9uZw==")).startsWith("535 5.7.8 ");
            assertThat(c.send("AUTH PLAIN AGFkYQB3cm9uZw==")).startsWith("421 4.7.0 ");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void aScriptCanHideStartTlsAndAuthForOneTest() throws Exception {
        receiver = SmtpReceiver.builder().tls(TlsMode.STARTTLS).auth(AuthPolicy.acceptAny()).start();
        receiver.script().hideExtensions("STARTTLS", "AUTH");
        try (TlsClient c = TlsClient.connect(receiver.port())) {
            c.reply();
            List<String> ehlo = c.write("EHLO client.example\r\n").reply();
            assertThat(ehlo).noneMatch(l -> l.contains("STARTTLS") || l.contains("AUTH"));
            assertThat(c.send("STARTTLS")).isEqualTo("502 5.5.1 STARTTLS not implemented");
            assertThat(c.send("AUTH PLAIN AGFkYQBzM2NyZXQ=")).isEqualTo("502 5.5.1 AUTH not implemented");
        }
    }

    @Test
    void aScriptedDropRightAfterTheTlsHandshake() throws Exception {
        receiver = SmtpReceiver.builder().tls(TlsMode.STARTTLS).start();
        receiver.script().onTlsHandshake().drop();
        try (TlsClient c = TlsClient.connect(receiver.port())) {
            c.reply();
            c.write("EHLO client.example\r\n").reply();
            assertThat(c.send("STARTTLS")).startsWith("220 ");
            c.startTls(receiver.clientSslContext(), "localhost");
            assertThat(c.closedByServer()).isTrue();
        }
        SmtpEvent.ClientDisconnected end = await().atMost(Duration.ofSeconds(10))
                .until(() -> receiver.mailbox().events(SmtpEvent.ClientDisconnected.class), l -> !l.isEmpty()).get(0);
        assertThat(end.reason()).isEqualTo(DisconnectReason.SCRIPTED);
        assertThat(receiver.script().unusedRules()).isEmpty();
    }

    @Test
    void aScriptFileRuleAtTheTlsHandshake() throws Exception {
        receiver = SmtpReceiver.builder().tls(TlsMode.STARTTLS).start();
        receiver.script().replaceWith("tls-handshake reply 421 4.7.0 TLS policy says no");
        try (TlsClient c = TlsClient.connect(receiver.port())) {
            c.reply();
            c.write("EHLO client.example\r\n").reply();
            assertThat(c.send("STARTTLS")).startsWith("220 ");
            c.startTls(receiver.clientSslContext(), "localhost");
            // RFC 3207 4.2: the handshake resets the session, so no EHLO has offered ENHANCEDSTATUSCODES yet
            assertThat(c.reply()).containsExactly("421 TLS policy says no");
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(receiver.script().unusedRules()).isEmpty();
    }
}
