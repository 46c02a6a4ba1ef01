package dev.smtptestkit.sender;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.AuthMechanism;
import dev.smtptestkit.AuthPolicy;
import dev.smtptestkit.DeliveryResult;
import dev.smtptestkit.DeliveryResult.Kind;
import dev.smtptestkit.DeliveryResult.Stage;
import dev.smtptestkit.Envelope;
import dev.smtptestkit.OutgoingEmail;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.SmtpSender;
import dev.smtptestkit.TlsMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** STARTTLS (required and opportunistic), implicit TLS and every AUTH mechanism against our receiver. */
@Timeout(60)
class SenderTlsAndAuthTest {

    private static final String SECRET = "s3cret-Pa55";
    private SmtpReceiver receiver;

    @AfterEach
    void close() {
        if (receiver != null) {
            receiver.close();
        }
    }

    private static OutgoingEmail email() {
        return OutgoingEmail.of("app@example.test", List.of("bob@example.test"), SmtpSenderTest.MESSAGE);
    }

    @Test
    void upgradesWithStartTlsAndChecksTheHostName() {
        receiver = SmtpReceiver.builder().tls(TlsMode.STARTTLS).requireTls(true).start();
        DeliveryResult result = SmtpSender.to(receiver).build().send(email());

        assertThat(result.isDelivered()).as(result.summary()).isTrue();
        Envelope envelope = receiver.mailbox().singleEmail().envelope();
        assertThat(envelope.tls()).isPresent();
        // RFC 3207 4.2: EHLO again after the handshake
        assertThat(result.transcript().commands()).containsExactly("EHLO", "STARTTLS", "EHLO", "MAIL", "RCPT", "DATA",
                "QUIT");
        assertThat(receiver.mailbox().singleEmail().rawBytes()).isEqualTo(SmtpSenderTest.MESSAGE);
    }

    @Test
    void implicitTlsHandshakesBeforeTheGreeting() {
        receiver = SmtpReceiver.builder().tls(TlsMode.IMPLICIT).start();
        DeliveryResult result = SmtpSender.to(receiver).build().send(email());

        assertThat(result.isDelivered()).as(result.summary()).isTrue();
        assertThat(receiver.mailbox().singleEmail().envelope().tls()).isPresent();
    }

    @Test
    void requiredStartTlsFailsLocallyWhenNotOffered() {
        receiver = SmtpReceiver.builder().start();
        DeliveryResult result = SmtpSender.to(receiver).tls(TlsMode.STARTTLS).build().send(email());

        DeliveryResult.Failure failure = result.failure().orElseThrow();
        assertThat(failure.stage()).isEqualTo(Stage.STARTTLS);
        assertThat(failure.kind()).isEqualTo(Kind.LOCAL_REFUSAL);
        assertThat(failure.message()).isEqualTo("The server at 127.0.0.1:" + receiver.port() + " does not offer "
                + "STARTTLS (its EHLO lists SIZE, 8BITMIME, PIPELINING, SMTPUTF8, ENHANCEDSTATUSCODES, CHUNKING, DSN), "
                + "and requireTls(true) forbids sending in plain text. Use requireTls(false) to send without TLS "
                + "where it is not offered");
        assertThat(receiver.mailbox().isEmpty()).isTrue();
    }

    @Test
    void opportunisticStartTlsSendsInPlainTextWhenNotOffered() {
        receiver = SmtpReceiver.builder().start();
        DeliveryResult result = SmtpSender.to(receiver).tls(TlsMode.STARTTLS).requireTls(false).build().send(email());

        assertThat(result.isDelivered()).as(result.summary()).isTrue();
        assertThat(receiver.mailbox().singleEmail().envelope().tls()).isEmpty();
    }

    @Test
    void anUntrustedCertificateFailsTheHandshake() throws Exception {
        receiver = SmtpReceiver.builder().tls(TlsMode.STARTTLS).start();
        SSLContext jvmDefault = SSLContext.getDefault(); // does not trust the receiver's generated CA
        DeliveryResult result = SmtpSender.to(receiver).sslContext(jvmDefault).build().send(email());

        assertThat(result.failure().orElseThrow().kind()).isEqualTo(Kind.TLS_FAILED);
        assertThat(result.failure().orElseThrow().stage()).isEqualTo(Stage.STARTTLS);
        assertThat(result.failure().orElseThrow().message())
                .startsWith("The TLS handshake with 127.0.0.1:" + receiver.port() + " failed: ");
    }

    @Test
    void aWrongHostNameFailsTheHandshake() {
        receiver = SmtpReceiver.builder().tls(TlsMode.IMPLICIT).host("127.0.0.2").start();
        DeliveryResult result = SmtpSender.to(receiver).build().send(email());
        assertThat(result.failure().orElseThrow().kind()).as(result.summary()).isEqualTo(Kind.TLS_FAILED);

        DeliveryResult unchecked = SmtpSender.to(receiver).verifyHostname(false).build().send(email());
        assertThat(unchecked.isDelivered()).as(unchecked.summary()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(AuthMechanism.class)
    void logsInWithEveryMechanismAndMasksTheSecret(AuthMechanism mechanism) {
        receiver = SmtpReceiver.builder().tls(TlsMode.STARTTLS).requireTls(true)
                .auth(AuthPolicy.users(Map.of("alice", SECRET))).requireAuth(true).start();
        DeliveryResult result = SmtpSender.to(receiver).login(mechanism, "alice", SECRET).build().send(email());

        assertThat(result.isDelivered()).as(result.summary()).isTrue();
        assertThat(receiver.mailbox().singleEmail().envelope().auth().orElseThrow().user()).isEqualTo("alice");
        assertThat(receiver.mailbox().singleEmail().envelope().auth().orElseThrow().mechanism()).isEqualTo(mechanism);
        String rendered = result.transcript().render();
        assertThat(rendered).contains("C: AUTH " + mechanism.saslName()).doesNotContain(SECRET);
        for (var line : result.transcript().lines()) {
            assertThat(line.text()).doesNotContain(SECRET);
            if (line.text().startsWith("AUTH ") && line.text().split(" ").length > 2) {
                assertThat(line.text()).endsWith(" ****");
            }
        }
    }

    @Test
    void aWrongPasswordIsARefusalAtAuth() {
        receiver = SmtpReceiver.builder().auth(AuthPolicy.users(Map.of("alice", SECRET))).requireAuth(true).start();
        DeliveryResult result = SmtpSender.to(receiver).login(AuthMechanism.PLAIN, "alice", "wrong")
                .replyTimeout(Duration.ofSeconds(10)).build().send(email());

        DeliveryResult.Failure failure = result.failure().orElseThrow();
        assertThat(failure.stage()).isEqualTo(Stage.AUTH);
        assertThat(failure.kind()).isEqualTo(Kind.REFUSED);
        assertThat(failure.reply().orElseThrow().code()).isEqualTo(535);
        assertThat(failure.message()).startsWith("The server at 127.0.0.1:" + receiver.port()
                + " refused the login as alice with PLAIN: 535 ");
        assertThat(receiver.mailbox().isEmpty()).isTrue();
    }

    @Test
    void aMechanismTheServerDoesNotOfferFailsLocally() {
        receiver = SmtpReceiver.builder().auth(AuthPolicy.acceptAny()).authMechanisms(AuthMechanism.PLAIN).start();
        DeliveryResult result = SmtpSender.to(receiver).login(AuthMechanism.CRAM_MD5, "alice", SECRET).build()
                .send(email());

        assertThat(result.failure().orElseThrow().message()).isEqualTo("The server at 127.0.0.1:" + receiver.port()
                + " offers AUTH PLAIN but not CRAM-MD5: log in with one of those");
    }

    @Test
    void aWrongXoauth2TokenGetsTheErrorChallengeAnsweredAndA535() {
        receiver = SmtpReceiver.builder().auth(AuthPolicy.users(Map.of("alice", SECRET))).start();
        DeliveryResult result = SmtpSender.to(receiver).login(AuthMechanism.XOAUTH2, "alice", "bad-token").build()
                .send(email());

        assertThat(result.failure().orElseThrow().reply().orElseThrow().code()).as(result.transcript().render())
                .isEqualTo(535);
        // RFC 7628 3.2.3 style: the client answers the error challenge with an empty line
        assertThat(result.transcript().clientLines()).contains("AUTH XOAUTH2 ****", "");
    }

    @Test
    void opportunisticStartTlsGoesOnInPlainTextAfterA454() throws Exception {
        try (Peer peer = new Peer(io -> {
            io.greetAndEhlo("STARTTLS");
            assertThat(io.line()).isEqualTo("STARTTLS");
            io.send("454 4.7.0 TLS not available due to temporary reason");
            assertThat(io.line()).isEqualTo("MAIL FROM:<app@example.test>");
            io.send("250 OK");
            io.line();
            io.send("250 OK");
            io.line();
            io.send("354 go");
            io.data();
            io.send("250 OK");
            io.line();
            io.send("221 bye");
        })) {
            DeliveryResult opportunistic = SmtpSender.to("127.0.0.1", peer.port()).tls(TlsMode.STARTTLS)
                    .requireTls(false).build().send(email());
            peer.awaitDone();
            assertThat(opportunistic.isDelivered()).as(opportunistic.summary()).isTrue();
        }
        try (Peer peer = new Peer(io -> {
            io.greetAndEhlo("STARTTLS");
            io.line();
            io.send("454 4.7.0 TLS not available due to temporary reason");
            assertThat(io.line()).isEqualTo("QUIT");
            io.send("221 bye");
        })) {
            DeliveryResult required = SmtpSender.to("127.0.0.1", peer.port()).tls(TlsMode.STARTTLS).build()
                    .send(email());
            peer.awaitDone();
            assertThat(required.failure().orElseThrow().message()).isEqualTo("The server at 127.0.0.1:" + peer.port()
                    + " refused STARTTLS: 454 4.7.0 TLS not available due to temporary reason");
        }
    }
}
