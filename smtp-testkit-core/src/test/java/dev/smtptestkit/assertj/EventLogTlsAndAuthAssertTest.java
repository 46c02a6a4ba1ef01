package dev.smtptestkit.assertj;

import static dev.smtptestkit.assertj.SmtpAssertions.assertThatEvents;
import static dev.smtptestkit.assertj.TestMail.failureOf;
import static org.assertj.core.api.BDDAssertions.then;

import dev.smtptestkit.AuthDetails;
import dev.smtptestkit.AuthMechanism;
import dev.smtptestkit.DisconnectReason;
import dev.smtptestkit.SmtpEvent;
import dev.smtptestkit.SmtpEvent.ClientConnected;
import dev.smtptestkit.SmtpEvent.ClientDisconnected;
import dev.smtptestkit.TlsDetails;
import dev.smtptestkit.internal.tls.CertificateAuthority;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The event-log assertions on what sessions negotiated and who logged in
 * ({@link ClientDisconnected#tls()}, {@link ClientDisconnected#auth()}). The events are built here so
 * every message is pinned word for word; {@code TlsAndAuthEventsTest} records them over real sockets.
 */
class EventLogTlsAndAuthAssertTest {

    private static final Instant T = Instant.EPOCH;
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40000);
    private static final X509Certificate CLIENT_CERTIFICATE =
            CertificateAuthority.shared().clientIdentity().certificate();
    private static final String SUBJECT = "CN=smtp-testkit client,O=smtp-testkit";

    // s1: TLS 1.3 with a client certificate and a PLAIN login; s2: TLS 1.2, LOGIN as bob; s3: in the clear
    private static final List<SmtpEvent> EVENTS = List.of(
            new ClientConnected(T, "s1", CLIENT),
            new ClientDisconnected(T, "s1", DisconnectReason.QUIT, "",
                    Optional.of(new TlsDetails("TLSv1.3", "TLS_AES_128_GCM_SHA256", Optional.of("localhost"),
                            Optional.of(CLIENT_CERTIFICATE))),
                    Optional.of(new AuthDetails(AuthMechanism.PLAIN, Optional.empty(), "alice"))),
            new ClientConnected(T, "s2", CLIENT),
            new ClientDisconnected(T, "s2", DisconnectReason.CLIENT_CLOSED, "",
                    Optional.of(new TlsDetails("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                            Optional.empty(), Optional.empty())),
                    Optional.of(new AuthDetails(AuthMechanism.LOGIN, Optional.empty(), "bob"))),
            new ClientConnected(T, "s3", CLIENT),
            new ClientDisconnected(T, "s3", DisconnectReason.QUIT, ""));

    private static final String CONTEXT = """

            Events:
              [s1] connected from 127.0.0.1:40000
              [s1] disconnected: QUIT; TLS TLSv1.3 TLS_AES_128_GCM_SHA256, SNI localhost, client certificate \
            CN=smtp-testkit client,O=smtp-testkit; authenticated as alice with PLAIN
              [s2] connected from 127.0.0.1:40000
              [s2] disconnected: CLIENT_CLOSED; TLS TLSv1.2 TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384; \
            authenticated as bob with LOGIN
              [s3] connected from 127.0.0.1:40000
              [s3] disconnected: QUIT""";

    private static final List<SmtpEvent> NOBODY_ENDED = EVENTS.subList(0, 1);
    private static final String NOBODY_ENDED_CONTEXT = """

            Events:
              [s1] connected from 127.0.0.1:40000""";

    @Test
    void hasSessionThatNegotiatedTlsPasses() {
        assertThatEvents(EVENTS).hasSessionThatNegotiatedTls("TLSv1.3").hasSessionThatNegotiatedTls("TLSv1.2");
    }

    @Test
    void hasSessionThatNegotiatedTlsFailsListingWhatEachSessionHad() {
        String message = failureOf(() -> assertThatEvents(EVENTS).hasSessionThatNegotiatedTls("TLSv1.1"));
        then(message).isEqualTo("\nExpecting a session that negotiated \"TLSv1.1\" but the sessions that ended had"
                + " s1: TLSv1.3; s2: TLSv1.2; s3: no TLS." + CONTEXT);
    }

    @Test
    void hasSessionThatNegotiatedTlsFailsWhenNoSessionEnded() {
        String message = failureOf(() -> assertThatEvents(NOBODY_ENDED).hasSessionThatNegotiatedTls("TLSv1.3"));
        then(message).isEqualTo("\nExpecting a session that negotiated \"TLSv1.3\" but no session ended."
                + NOBODY_ENDED_CONTEXT);
    }

    @Test
    void hasSessionAuthenticatedAsPasses() {
        assertThatEvents(EVENTS).hasSessionAuthenticatedAs("alice", AuthMechanism.PLAIN)
                .hasSessionAuthenticatedAs("bob", AuthMechanism.LOGIN);
    }

    @Test
    void hasSessionAuthenticatedAsFailsOnTheWrongMechanism() {
        String message = failureOf(() -> assertThatEvents(EVENTS).hasSessionAuthenticatedAs("alice",
                AuthMechanism.CRAM_MD5));
        then(message).isEqualTo("\nExpecting a session authenticated as \"alice\" with CRAM-MD5 but the sessions"
                + " that ended had s1: \"alice\" with PLAIN; s2: \"bob\" with LOGIN; s3: not authenticated." + CONTEXT);
    }

    @Test
    void hasSessionAuthenticatedAsFailsOnAnotherUser() {
        String message = failureOf(() -> assertThatEvents(EVENTS).hasSessionAuthenticatedAs("carol",
                AuthMechanism.PLAIN));
        then(message).isEqualTo("\nExpecting a session authenticated as \"carol\" with PLAIN but the sessions"
                + " that ended had s1: \"alice\" with PLAIN; s2: \"bob\" with LOGIN; s3: not authenticated." + CONTEXT);
    }

    @Test
    void hasSessionWithClientCertificatePasses() {
        assertThatEvents(EVENTS).hasSessionWithClientCertificate(SUBJECT);
    }

    @Test
    void hasSessionWithClientCertificateFailsOnAnotherSubject() {
        String message = failureOf(() -> assertThatEvents(EVENTS).hasSessionWithClientCertificate("CN=mallory"));
        then(message).isEqualTo("\nExpecting a session whose client presented a certificate for \"CN=mallory\" but"
                + " the sessions that ended had s1: \"CN=smtp-testkit client,O=smtp-testkit\"; s2: no client"
                + " certificate; s3: no TLS." + CONTEXT);
    }

    @Test
    void softAssertionsCollectEveryTlsAndAuthFailure() {
        SmtpSoftAssertions softly = new SmtpSoftAssertions();
        softly.assertThatEvents(EVENTS).hasSessionThatNegotiatedTls("TLSv1.1")
                .hasSessionAuthenticatedAs("alice", AuthMechanism.PLAIN)
                .hasSessionWithClientCertificate("CN=mallory");

        then(softly.errorsCollected()).extracting(Throwable::getMessage).satisfiesExactly(
                first -> then(first).startsWith("\nExpecting a session that negotiated \"TLSv1.1\""),
                second -> then(second).startsWith("\nExpecting a session whose client presented a certificate"));
    }
}
