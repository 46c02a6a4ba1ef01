package dev.smtptestkit.tls;

import static dev.smtptestkit.assertj.SmtpAssertions.assertThatEvents;
import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.AuthDetails;
import dev.smtptestkit.AuthMechanism;
import dev.smtptestkit.AuthPolicy;
import dev.smtptestkit.DisconnectReason;
import dev.smtptestkit.SmtpEvent;
import dev.smtptestkit.SmtpEvent.ClientDisconnected;
import dev.smtptestkit.SmtpListener;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.TlsDetails;
import dev.smtptestkit.TlsMode;
import dev.smtptestkit.internal.format.Render;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a session negotiated (TLS) and who logged in (AUTH) is on its {@link ClientDisconnected}
 * event, also when it sent no mail; the credentials never are.
 */
@Timeout(60)
class TlsAndAuthEventsTest {

    private static final String ALICE_PLAIN = "AGFsaWNlAHMzY3JldA=="; // "\0alice\0s3cret"
    private SmtpReceiver receiver;

    @AfterEach
    void close() {
        if (receiver != null) {
            receiver.close();
        }
    }

    private ClientDisconnected ended(String sessionId) {
        return receiver.mailbox().awaitEvent(ClientDisconnected.class, d -> d.sessionId().equals(sessionId),
                Duration.ofSeconds(10));
    }

    @Test
    void aSessionWithoutMailRecordsItsTlsAndLoginOnTheDisconnect() throws Exception {
        CompletableFuture<ClientDisconnected> heard = new CompletableFuture<>();
        receiver = SmtpReceiver.builder().tls(TlsMode.STARTTLS).auth(AuthPolicy.users(Map.of("alice", "s3cret")))
                .listener(new SmtpListener() {
                    @Override
                    public void clientDisconnected(ClientDisconnected event) {
                        heard.complete(event);
                    }
                }).start();
        try (TlsClient c = TlsClient.connect(receiver.port())) {
            c.reply();
            c.write("EHLO client.example\r\n").reply();
            assertThat(c.send("STARTTLS")).startsWith("220 ");
            c.startTls(receiver.clientSslContext(), "localhost");
            c.write("EHLO client.example\r\n").reply();
            assertThat(c.send("AUTH PLAIN " + ALICE_PLAIN)).startsWith("235 2.7.0 ");
            assertThat(c.send("QUIT")).startsWith("221 ");
        }

        ClientDisconnected end = ended("s1");
        assertThat(end.reason()).isEqualTo(DisconnectReason.QUIT);
        TlsDetails tls = end.tls().orElseThrow();
        assertThat(tls.protocol()).isEqualTo("TLSv1.3");
        assertThat(tls.cipherSuite()).startsWith("TLS_");
        assertThat(tls.sniHostName()).contains("localhost");
        assertThat(tls.clientCertificate()).isEmpty();
        assertThat(end.auth()).contains(new AuthDetails(AuthMechanism.PLAIN, Optional.empty(), "alice"));
        assertThat(heard.get(10, TimeUnit.SECONDS)).isEqualTo(end); // listeners get the same event
        assertThat(receiver.mailbox().emails()).isEmpty();
        assertThat(Render.event(end)).isEqualTo("[s1] disconnected: QUIT; TLS TLSv1.3 " + tls.cipherSuite()
                + ", SNI localhost; authenticated as alice with PLAIN");
        assertThatEvents(receiver.mailbox().events())
                .hasSessionThatNegotiatedTls("TLSv1.3")
                .hasSessionAuthenticatedAs("alice", AuthMechanism.PLAIN);
        String everything = receiver.mailbox().events().toString() + receiver.mailbox().events().stream()
                .map(Render::event).toList();
        assertThat(everything).doesNotContain("s3cret").doesNotContain(ALICE_PLAIN);
    }

    @Test
    void anAuthorizationIdentityIsRecordedAndRendered() throws Exception {
        receiver = SmtpReceiver.builder().auth(AuthPolicy.acceptAny()).start();
        try (TlsClient c = TlsClient.connect(receiver.port())) {
            c.reply();
            c.write("EHLO client.example\r\n").reply();
            assertThat(c.send("AUTH PLAIN YWRtaW4AYWxpY2UAczNjcmV0")).startsWith("235 "); // admin \0 alice \0 s3cret
            assertThat(c.send("QUIT")).startsWith("221 ");
        }

        ClientDisconnected end = ended("s1");
        assertThat(end.tls()).isEmpty();
        assertThat(end.auth()).contains(new AuthDetails(AuthMechanism.PLAIN, Optional.of("admin"), "alice"));
        assertThat(Render.event(end)).isEqualTo("[s1] disconnected: QUIT; authenticated as alice with PLAIN for admin");
    }

    @Test
    void aPlainSessionHasNeitherAndRendersAsBefore() throws Exception {
        receiver = SmtpReceiver.builder().tls(TlsMode.STARTTLS).auth(AuthPolicy.acceptAny()).start();
        try (TlsClient c = TlsClient.connect(receiver.port())) {
            c.reply();
            c.write("EHLO client.example\r\n").reply();
            assertThat(c.send("QUIT")).startsWith("221 ");
        }

        ClientDisconnected end = ended("s1");
        assertThat(end.tls()).isEmpty();
        assertThat(end.auth()).isEmpty();
        assertThat(end).isEqualTo(new ClientDisconnected(end.time(), "s1", DisconnectReason.QUIT, ""));
        assertThat(Render.event(end)).isEqualTo("[s1] disconnected: QUIT");
    }

    @Test
    void aLoginBeforeStartTlsIsForgottenAsTheEnvelopeForgetsIt() throws Exception {
        // RFC 3207 4.2: after the handshake the session starts over, without the login
        receiver = SmtpReceiver.builder().tls(TlsMode.STARTTLS).auth(AuthPolicy.acceptAny()).start();
        try (TlsClient c = TlsClient.connect(receiver.port())) {
            c.reply();
            c.write("EHLO client.example\r\n").reply();
            assertThat(c.send("AUTH PLAIN " + ALICE_PLAIN)).startsWith("235 ");
            assertThat(c.send("STARTTLS")).startsWith("220 ");
            c.startTls(receiver.clientSslContext(), "localhost");
            assertThat(c.send("QUIT")).startsWith("221 ");
        }

        ClientDisconnected end = ended("s1");
        assertThat(end.tls()).isPresent();
        assertThat(end.auth()).isEmpty();
    }

    @Test
    void aFailedHandshakeHasNoTlsDetailsButItsCause() throws Exception {
        receiver = SmtpReceiver.builder().tls(TlsMode.IMPLICIT).start();
        try (TlsClient c = TlsClient.connect(receiver.port())) {
            c.write("EHLO this is no ClientHello\r\n");
            assertThat(c.closedByServer()).isTrue();
        }

        ClientDisconnected end = ended("s1");
        assertThat(end.reason()).isEqualTo(DisconnectReason.TLS_FAILED);
        assertThat(end.detail()).isNotBlank();
        assertThat(end.tls()).isEmpty();
        assertThat(Render.event(end)).isEqualTo("[s1] disconnected: TLS_FAILED (" + end.detail() + ")");
    }

    @Test
    void theOldConstructorStillBuildsAnEventWithoutTlsAndAuth() {
        SmtpEvent event = new ClientDisconnected(java.time.Instant.EPOCH, "s9", DisconnectReason.CLIENT_CLOSED, "x");

        assertThat(event).isInstanceOfSatisfying(ClientDisconnected.class, d -> {
            assertThat(d.tls()).isEmpty();
            assertThat(d.auth()).isEmpty();
        });
    }
}
