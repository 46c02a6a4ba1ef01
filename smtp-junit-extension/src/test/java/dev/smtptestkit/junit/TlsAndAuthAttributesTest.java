package dev.smtptestkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.smtptestkit.AuthMechanism;
import dev.smtptestkit.Envelope;
import dev.smtptestkit.Mailbox;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.TlsMode;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code tls}, {@code requireTls}, {@code auth}, {@code requireAuth} and {@code users}: Angus Mail
 * with production-like settings (STARTTLS required, a login) against receivers the annotation set up.
 */
@Timeout(60)
class TlsAndAuthAttributesTest {

    /** Sends one message with the receiver's trusted properties plus a login (or none when user is null). */
    static void send(SmtpReceiver receiver, String user, String password) throws MessagingException {
        Properties props = receiver.javaMailProperties();
        props.setProperty("mail.smtp.auth", String.valueOf(user != null));
        MimeMessage m = message(Session.getInstance(props), "user@example.com", "Welcome");
        if (user == null) {
            Transport.send(m);
        } else {
            Transport.send(m, user, password);
        }
    }

    static MimeMessage message(Session session, String to, String subject) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom("app@example.com");
        m.setRecipients(Message.RecipientType.TO, to);
        m.setSubject(subject);
        m.setText("Hello");
        return m;
    }

    @Tag("fixture")
    @SmtpServer(tls = TlsMode.STARTTLS, requireTls = true, users = {"app:s3:cret", "ops:hunter2"})
    static class StartTlsWithUsersCase {
        @Test
        void aKnownUserLogsInAfterStartTls(SmtpReceiver receiver, Mailbox mailbox) throws MessagingException {
            assertThat(receiver.tlsMode()).isEqualTo(TlsMode.STARTTLS);
            send(receiver, "app", "s3:cret");
            Envelope envelope = mailbox.singleEmail().envelope();
            assertThat(envelope.tls()).isPresent();
            assertThat(envelope.auth().orElseThrow().user()).isEqualTo("app");
        }

        @Test
        void aWrongPasswordIsRefused(SmtpReceiver receiver, Mailbox mailbox) {
            Throwable thrown = catchThrowable(() -> send(receiver, "app", "wrong"));
            assertThat(thrown).isInstanceOf(AuthenticationFailedException.class)
                    .hasMessageContaining("535 5.7.8");
            assertThat(mailbox.emails()).isEmpty();
        }

        @Test
        void plainSmtpIsRefusedBeforeStartTls(SmtpReceiver receiver) {
            assertThat(TestMail.converse(receiver, "EHLO client.example", "MAIL FROM:<a@example.com>", "QUIT"))
                    .contains("530 5.7.0 Must issue a STARTTLS command first");
        }
    }

    @Tag("fixture")
    @SmtpServer(tls = TlsMode.IMPLICIT, auth = true)
    static class ImplicitTlsAcceptingAnyLoginCase {
        @Test
        void anyLoginIsAcceptedAndRecorded(SmtpReceiver receiver, Mailbox mailbox) throws MessagingException {
            assertThat(receiver.url()).startsWith("smtps://");
            send(receiver, "whoever", "anything");
            Envelope envelope = mailbox.singleEmail().envelope();
            assertThat(envelope.tls()).isPresent();
            assertThat(envelope.auth().orElseThrow().user()).isEqualTo("whoever");
            assertThat(envelope.auth().orElseThrow().mechanism()).isIn(AuthMechanism.PLAIN, AuthMechanism.LOGIN);
        }
    }

    @Tag("fixture")
    @SmtpServer(tls = TlsMode.STARTTLS, implicitTlsPort = true)
    static class BothTlsPortsCase {
        @Test
        void mailArrivesOverStartTlsAndOverTheSmtpsPort(SmtpReceiver receiver, Mailbox mailbox) throws MessagingException {
            send(receiver, null, null); // the main port: STARTTLS, as javaMailProperties() says
            Properties props = receiver.javaMailProperties();
            props.setProperty("mail.smtps.host", receiver.host());
            props.setProperty("mail.smtps.port", String.valueOf(receiver.smtpsPort()));
            props.put("mail.smtps.ssl.socketFactory", receiver.clientSslContext().getSocketFactory());
            Session session = Session.getInstance(props);
            MimeMessage m = message(session, "smtps@example.com", "Over SMTPS");
            try (Transport smtps = session.getTransport("smtps")) {
                smtps.connect();
                smtps.sendMessage(m, m.getAllRecipients());
            }
            assertThat(mailbox.awaitEmails(2)).allSatisfy(e -> assertThat(e.envelope().tls()).isPresent())
                    .extracting(e -> e.subject()).containsExactly("Welcome", "Over SMTPS");
            assertThat(receiver.smtpsPort()).isNotEqualTo(receiver.port());
        }
    }

    @ParameterizedTest
    @EnumSource(TestInstance.Lifecycle.class)
    void aSecondPortWithImplicitTls(TestInstance.Lifecycle lifecycle) {
        Fixtures.assertPassed(Fixtures.run(BothTlsPortsCase.class, lifecycle), 1);
    }

    @Tag("fixture")
    @SmtpServer(implicitTlsPort = true)
    static class SecondPortWithoutStartTlsCase {
        @Test
        void test() {
        }
    }

    @Test
    void aSecondPortNeedsStartTls() {
        assertThat(Fixtures.singleContainerFailure(Fixtures.run(SecondPortWithoutStartTlsCase.class,
                TestInstance.Lifecycle.PER_METHOD))).hasMessage("@SmtpServer on class SecondPortWithoutStartTlsCase: "
                + "implicitTlsPort = true opens an implicit-TLS port next to STARTTLS on the main one, so it needs "
                + "tls = TlsMode.STARTTLS (was NONE). With tls = TlsMode.IMPLICIT the one port already speaks TLS "
                + "from the first byte.");
    }

    @Tag("fixture")
    @SmtpServer(requireAuth = true)
    static class RequireAuthCase {
        @Test
        void mailWithoutLoginIsRefused(SmtpReceiver receiver, Mailbox mailbox) {
            assertThat(receiver.tlsMode()).isEqualTo(TlsMode.NONE);
            assertThat(TestMail.converse(receiver, "EHLO client.example", "MAIL FROM:<a@example.com>", "QUIT"))
                    .contains("530 5.7.0 Authentication required");
            assertThat(mailbox.emails()).isEmpty();
        }

        @Test
        void anyLoginGetsIn(SmtpReceiver receiver, Mailbox mailbox) throws MessagingException {
            send(receiver, "someone", "pw");
            assertThat(mailbox.singleEmail().envelope().auth().orElseThrow().user()).isEqualTo("someone");
        }
    }

    @Tag("fixture")
    @SmtpServer
    static class DefaultsCase {
        @Test
        void noTlsAndNoAuth(SmtpReceiver receiver) {
            assertThat(receiver.tlsMode()).isEqualTo(TlsMode.NONE);
            assertThat(TestMail.converse(receiver, "EHLO client.example", "AUTH PLAIN AGEAYg==", "QUIT"))
                    .contains("502 5.5.1 AUTH not implemented")
                    .noneMatch(line -> line.contains("STARTTLS"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestInstance.Lifecycle.class)
    void startTlsRequiredWithAFixedSetOfUsers(TestInstance.Lifecycle lifecycle) {
        Fixtures.assertPassed(Fixtures.run(StartTlsWithUsersCase.class, lifecycle), 3);
    }

    @ParameterizedTest
    @EnumSource(TestInstance.Lifecycle.class)
    void implicitTlsAcceptingAnyLogin(TestInstance.Lifecycle lifecycle) {
        Fixtures.assertPassed(Fixtures.run(ImplicitTlsAcceptingAnyLoginCase.class, lifecycle), 1);
    }

    @ParameterizedTest
    @EnumSource(TestInstance.Lifecycle.class)
    void requireAuthTurnsAuthOn(TestInstance.Lifecycle lifecycle) {
        Fixtures.assertPassed(Fixtures.run(RequireAuthCase.class, lifecycle), 2);
    }

    @ParameterizedTest
    @EnumSource(TestInstance.Lifecycle.class)
    void theDefaultsOfferNeitherTlsNorAuth(TestInstance.Lifecycle lifecycle) {
        Fixtures.assertPassed(Fixtures.run(DefaultsCase.class, lifecycle), 1);
    }

    @Tag("fixture")
    @SmtpServer(requireTls = true)
    static class RequireTlsWithoutTlsCase {
        @Test
        void test() {
        }
    }

    @Tag("fixture")
    @SmtpServer(users = {"alice:one", "hunter2"})
    static class UserWithoutPasswordCase {
        @Test
        void test() {
        }
    }

    @Tag("fixture")
    @SmtpServer(users = {"alice:one", "alice:two"})
    static class DuplicateUserCase {
        @Test
        void test() {
        }
    }

    @ParameterizedTest
    @EnumSource(TestInstance.Lifecycle.class)
    void misconfiguredTlsAndAuthAttributesSayWhatToChange(TestInstance.Lifecycle lifecycle) {
        assertThat(Fixtures.singleContainerFailure(Fixtures.run(RequireTlsWithoutTlsCase.class, lifecycle)))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@SmtpServer on class RequireTlsWithoutTlsCase: requireTls = true needs TLS to be offered."
                        + " Add tls = TlsMode.STARTTLS (or tls = TlsMode.IMPLICIT), or drop requireTls.");
        assertThat(Fixtures.singleContainerFailure(Fixtures.run(UserWithoutPasswordCase.class, lifecycle)))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@SmtpServer on class UserWithoutPasswordCase: users[1] is not \"user:password\" (a user"
                        + " name, a colon, the password). Write users = {\"alice:s3cret\"}.")
                .message().doesNotContain("hunter2");
        assertThat(Fixtures.singleContainerFailure(Fixtures.run(DuplicateUserCase.class, lifecycle)))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@SmtpServer on class DuplicateUserCase: users names \"alice\" twice. Give each user"
                        + " name once.");
    }

    @Test
    void aMethodAnnotationOverridesTheClassOne() {
        Fixtures.assertPassed(Fixtures.run(MethodOverrideCase.class, TestInstance.Lifecycle.PER_METHOD), 1);
    }

    @Tag("fixture")
    @SmtpServer
    static class MethodOverrideCase {
        @Test
        @SmtpServer(tls = TlsMode.STARTTLS, auth = true)
        void getsTlsAndAuth(SmtpReceiver receiver, Mailbox mailbox) throws MessagingException {
            send(receiver, "alice", "pw");
            assertThat(mailbox.singleEmail().envelope().tls()).isPresent();
        }
    }
}
