package dev.smtptestkit.assertj;

import static dev.smtptestkit.assertj.SmtpAssertions.assertThat;
import static dev.smtptestkit.assertj.TestMail.failureOf;
import static org.assertj.core.api.BDDAssertions.then;

import dev.smtptestkit.AuthMechanism;
import dev.smtptestkit.AuthPolicy;
import dev.smtptestkit.Mailbox;
import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.SmtpEvent.ClientDisconnected;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.TlsMode;
import dev.smtptestkit.Transcript;
import dev.smtptestkit.internal.format.Render;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The TLS and AUTH assertions against dialogues that Angus Mail held with real receivers: STARTTLS
 * with AUTH PLAIN, implicit TLS with AUTH LOGIN, plain SMTP without a login, and a login without mail.
 */
@Timeout(30)
class TlsAndAuthAssertTest {

    private static SmtpReceiver startTls;
    private static SmtpReceiver implicit;
    private static SmtpReceiver plain;

    /** STARTTLS, AUTH PLAIN as alice, one email; then a second session that logs in and sends nothing. */
    private static Mailbox startTlsMailbox;
    private static Mailbox implicitMailbox;
    private static Mailbox plainMailbox;

    @BeforeAll
    static void recordDialogues() throws MessagingException {
        startTls = SmtpReceiver.builder().tls(TlsMode.STARTTLS).auth(AuthPolicy.acceptAny()).start();
        implicit = SmtpReceiver.builder().tls(TlsMode.IMPLICIT)
                .auth(AuthPolicy.users(Map.of("bob", "hunter2"))).start();
        plain = SmtpReceiver.builder().start();
        send(startTls, "PLAIN", "alice", "s3cret");
        loginOnly(startTls, "PLAIN", "carol", "pw");
        // who logged in without mail is on the session's end, which follows the 221
        startTls.mailbox().awaitEvent(ClientDisconnected.class, d -> d.sessionId().equals("s2"), Duration.ofSeconds(10));
        send(implicit, "LOGIN", "bob", "hunter2");
        send(plain, null, null, null);
        startTlsMailbox = startTls.mailbox();
        implicitMailbox = implicit.mailbox();
        plainMailbox = plain.mailbox();
    }

    @AfterAll
    static void close() {
        startTls.close();
        implicit.close();
        plain.close();
    }

    private static Session session(SmtpReceiver receiver, String mechanism) {
        Properties props = receiver.javaMailProperties();
        if (mechanism != null) {
            String prefix = receiver.tlsMode() == TlsMode.IMPLICIT && props.containsKey("mail.smtps.host")
                    ? "mail.smtps" : "mail.smtp";
            props.setProperty(prefix + ".auth", "true");
            props.setProperty(prefix + ".auth.mechanisms", mechanism);
        }
        return Session.getInstance(props);
    }

    private static void send(SmtpReceiver receiver, String mechanism, String user, String password)
            throws MessagingException {
        MimeMessage m = new MimeMessage(session(receiver, mechanism));
        m.setFrom(new InternetAddress("app@example.com"));
        m.setRecipients(Message.RecipientType.TO, "user@example.com");
        m.setSubject("Welcome");
        m.setText("Hello");
        if (user == null) {
            Transport.send(m);
        } else {
            Transport.send(m, user, password);
        }
    }

    private static void loginOnly(SmtpReceiver receiver, String mechanism, String user, String password)
            throws MessagingException {
        try (Transport t = session(receiver, mechanism).getTransport("smtp")) {
            t.connect(user, password);
        }
    }

    private static Transcript transcript(Mailbox mailbox, int index) {
        return mailbox.transcripts().get(index);
    }

    private static String dialogue(Transcript t) {
        return "\nDialogue of session " + t.sessionId() + ":\n" + Render.indent(Render.transcript(t, Messages.CONTEXT_LINES));
    }

    private static String email(ReceivedEmail e) {
        return "\nEmail:\n" + Render.indent(Render.emailSummary(e));
    }

    // ---- usedStartTls ----

    @Test
    void usedStartTlsPassesAfterAStartTlsUpgrade() {
        assertThat(startTlsMailbox).session(0).usedStartTls();
    }

    @Test
    void usedStartTlsFailsOnPlainSmtp() {
        Transcript t = transcript(plainMailbox, 0);
        then(failureOf(() -> assertThat(t).usedStartTls())).isEqualTo("\nExpecting session " + t.sessionId()
                + " to upgrade to TLS with STARTTLS (RFC 3207) but the client never sent STARTTLS." + dialogue(t));
    }

    @Test
    void usedStartTlsFailsOnImplicitTls() {
        Transcript t = transcript(implicitMailbox, 0);
        then(failureOf(() -> assertThat(t).usedStartTls())).isEqualTo("\nExpecting session " + t.sessionId()
                + " to upgrade to TLS with STARTTLS (RFC 3207) but it used implicit TLS from the start (RFC 8314)."
                + dialogue(t));
    }

    // ---- negotiatedTls ----

    @Test
    void negotiatedTlsPassesForBothModes() {
        String protocol = startTlsMailbox.emails().get(0).envelope().tls().orElseThrow().protocol();
        then(protocol).isIn("TLSv1.3", "TLSv1.2");
        assertThat(transcript(startTlsMailbox, 0)).negotiatedTls(protocol);
        assertThat(transcript(implicitMailbox, 0)).negotiatedTls(protocol);
    }

    @Test
    void negotiatedTlsFailsOnAnotherProtocol() {
        Transcript t = transcript(startTlsMailbox, 0);
        then(failureOf(() -> assertThat(t).negotiatedTls("TLSv1.1"))).isEqualTo("\nExpecting the TLS protocol of session "
                + t.sessionId() + " to be:\n  \"TLSv1.1\"\nbut was:\n  \"TLSv1.3\"" + dialogue(t));
    }

    @Test
    void negotiatedTlsFailsWithoutTls() {
        Transcript t = transcript(plainMailbox, 0);
        then(failureOf(() -> assertThat(t).negotiatedTls("TLSv1.3"))).isEqualTo("\nExpecting session "
                + t.sessionId() + " to negotiate TLSv1.3 but it did not use TLS." + dialogue(t));
    }

    // ---- usedAuthMechanism ----

    @Test
    void usedAuthMechanismPasses() {
        assertThat(transcript(startTlsMailbox, 0)).usedAuthMechanism(AuthMechanism.PLAIN);
        assertThat(transcript(implicitMailbox, 0)).usedAuthMechanism(AuthMechanism.LOGIN);
    }

    @Test
    void usedAuthMechanismFailsOnAnotherMechanism() {
        Transcript t = transcript(implicitMailbox, 0);
        then(failureOf(() -> assertThat(t).usedAuthMechanism(AuthMechanism.CRAM_MD5))).isEqualTo(
                "\nExpecting the AUTH mechanism of session " + t.sessionId() + " to be:\n  CRAM-MD5\nbut was:\n  LOGIN"
                        + dialogue(t));
    }

    @Test
    void usedAuthMechanismFailsWithoutALogin() {
        Transcript t = transcript(plainMailbox, 0);
        then(failureOf(() -> assertThat(t).usedAuthMechanism(AuthMechanism.PLAIN))).isEqualTo("\nExpecting session "
                + t.sessionId() + " to log in with PLAIN but the client did not log in (no AUTH answered 235)."
                + dialogue(t));
    }

    // ---- authenticatedAs ----

    @Test
    void authenticatedAsPassesThroughTheMailbox() {
        assertThat(startTlsMailbox).session(0).authenticatedAs("alice");
        assertThat(implicitMailbox).singleSession().authenticatedAs("bob");
    }

    @Test
    void authenticatedAsFailsOnAnotherUser() {
        Transcript t = transcript(startTlsMailbox, 0);
        then(failureOf(() -> assertThat(startTlsMailbox).session(0).authenticatedAs("bob"))).isEqualTo(
                "\nExpecting the authenticated user of session " + t.sessionId() + " to be:\n  \"bob\"\nbut was:\n"
                        + "  \"alice\"" + dialogue(t));
    }

    @Test
    void authenticatedAsFailsWithoutALogin() {
        Transcript t = transcript(plainMailbox, 0);
        then(failureOf(() -> assertThat(plainMailbox).singleSession().authenticatedAs("alice"))).isEqualTo(
                "\nExpecting session " + t.sessionId() + " to be authenticated as \"alice\" but the client did not"
                        + " log in (no AUTH answered 235)." + dialogue(t));
    }

    @Test
    void authenticatedAsPassesForASessionWithoutMailFromItsEnd() {
        assertThat(startTlsMailbox).session(1).authenticatedAs("carol");
    }

    @Test
    void authenticatedAsFailsForASessionWithoutMailOnAnotherUser() {
        Transcript t = transcript(startTlsMailbox, 1);
        then(failureOf(() -> assertThat(startTlsMailbox).session(1).authenticatedAs("alice"))).isEqualTo(
                "\nExpecting the authenticated user of session " + t.sessionId() + " to be:\n  \"alice\"\nbut was:\n"
                        + "  \"carol\"" + dialogue(t));
    }

    @Test
    void authenticatedAsFailsWhenNeitherAnEmailNorTheSessionsEndRecordsTheUser() {
        Transcript t = transcript(startTlsMailbox, 1);
        then(failureOf(() -> assertThat(t).authenticatedAs("carol"))).isEqualTo(
                "\nExpecting session " + t.sessionId() + " to be authenticated as \"carol\" but the dialogue masks who"
                        + " logged in, and neither an email of the session nor its ClientDisconnected event records"
                        + " it: navigate from the mailbox (assertThat(mailbox).singleSession()), and for a session"
                        + " without mail wait for its end (mailbox.awaitEvent(ClientDisconnected.class, ...)) first."
                        + dialogue(t));
    }

    // ---- wasSentOverTls / wasAuthenticatedAs ----

    @Test
    void wasSentOverTlsPasses() {
        assertThat(startTlsMailbox).singleEmail().wasSentOverTls();
        assertThat(implicitMailbox).singleEmail().wasSentOverTls();
    }

    @Test
    void wasSentOverTlsFailsOnPlainSmtp() {
        ReceivedEmail e = plainMailbox.emails().get(0);
        then(failureOf(() -> assertThat(e).wasSentOverTls())).isEqualTo("\nExpecting email " + e.id()
                + " to have been sent over TLS but its session " + e.envelope().sessionId() + " used plain SMTP."
                + email(e));
    }

    @Test
    void wasAuthenticatedAsPasses() {
        assertThat(startTlsMailbox).singleEmail().wasAuthenticatedAs("alice");
        assertThat(implicitMailbox).singleEmail().wasAuthenticatedAs("bob");
    }

    @Test
    void wasAuthenticatedAsFailsOnAnotherUser() {
        ReceivedEmail e = implicitMailbox.emails().get(0);
        then(failureOf(() -> assertThat(e).wasAuthenticatedAs("alice"))).isEqualTo("\nExpecting the authenticated"
                + " user of email " + e.id() + " to be:\n  \"alice\"\nbut was:\n  \"bob\"" + email(e));
    }

    @Test
    void wasAuthenticatedAsFailsWithoutALogin() {
        ReceivedEmail e = plainMailbox.emails().get(0);
        then(failureOf(() -> assertThat(e).wasAuthenticatedAs("alice"))).isEqualTo("\nExpecting email " + e.id()
                + " to have been sent by a client authenticated as \"alice\" but its session "
                + e.envelope().sessionId() + " did not log in." + email(e));
    }

    @Test
    void theDialogueShowsNoSecret() {
        String rendered = startTlsMailbox.transcripts().toString() + implicitMailbox.transcripts();
        then(rendered).doesNotContain("s3cret", "hunter2")
                .doesNotContain(java.util.Base64.getEncoder().encodeToString("\0alice\0s3cret".getBytes()))
                .contains("C: AUTH PLAIN ****");
    }

    @Test
    void softAssertionsCollectTheTlsAndAuthFailures() {
        SmtpSoftAssertions softly = new SmtpSoftAssertions();
        softly.assertThat(transcript(plainMailbox, 0)).usedStartTls().negotiatedTls("TLSv1.3");
        softly.assertThat(plainMailbox.emails().get(0)).wasSentOverTls().wasAuthenticatedAs("alice");
        then(softly.errorsCollected()).hasSize(4);
    }
}
