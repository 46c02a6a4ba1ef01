package dev.smtptestkit.junit;

import static dev.smtptestkit.assertj.SmtpAssertions.*;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.TlsMode;
import dev.smtptestkit.Transcript;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What the extension injects (Mailbox, SmtpReceiver, a ready Jakarta Mail Session), and only that. */
@Timeout(60)
class InjectionTest {

    static void sendWith(Session session, String subject) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("app@example.com"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("user@example.com"));
        message.setSubject(subject);
        message.setText("Hello");
        Transport.send(message);
    }

    @Tag("fixture")
    @SmtpServer
    static class SessionCase {
        private Session fromBeforeEach;

        @BeforeEach
        void before(Session session) {
            fromBeforeEach = session;
        }

        @Test
        void sendsThroughTheInjectedSession(Session session, SmtpReceiver receiver, Mailbox mailbox) throws Exception {
            sendWith(session, "through the injected session");

            assertThat(mailbox).singleEmail().hasSubject("through the injected session");
            assertThat(session.getProperties()).isEqualTo(receiver.javaMailProperties());
            assertThat(fromBeforeEach.getProperty("mail.smtp.port")).isEqualTo(String.valueOf(receiver.port()));
        }
    }

    @ParameterizedTest
    @EnumSource(TestInstance.Lifecycle.class)
    void injectsAJakartaMailSessionForTheTestsReceiver(TestInstance.Lifecycle lifecycle) {
        Fixtures.assertPassed(Fixtures.run(SessionCase.class, lifecycle), 1);
    }

    @Tag("fixture")
    @SmtpServer(scope = SmtpServer.Scope.PER_CLASS)
    static class ClassWideSessionCase {
        @Test
        void sendsToTheClassWideReceiver(Session session, Mailbox mailbox) throws Exception {
            sendWith(session, "class-wide");

            assertThat(mailbox).singleEmail().hasSubject("class-wide");
        }
    }

    @ParameterizedTest
    @EnumSource(TestInstance.Lifecycle.class)
    void injectsASessionForAClassWideReceiver(TestInstance.Lifecycle lifecycle) {
        Fixtures.assertPassed(Fixtures.run(ClassWideSessionCase.class, lifecycle), 1);
    }

    @Tag("fixture")
    static class TlsSessionCase {
        @RegisterExtension
        SmtpServerExtension smtp = SmtpServerExtension.builder().scope(SmtpServer.Scope.PER_TEST)
                .receiver(r -> r.tls(TlsMode.STARTTLS).requireTls(true)).build();

        @Test
        void sendsOverStarttlsTrustingTheGeneratedCertificate(Session session, Mailbox mailbox) throws Exception {
            sendWith(session, "over TLS");

            assertThat(mailbox).singleEmail().hasSubject("over TLS");
            assertThat(mailbox.singleEmail().envelope().tls()).isPresent();
        }
    }

    @Test
    void theInjectedSessionCarriesTheReceiversTlsTrust() {
        Fixtures.assertPassed(Fixtures.run(TlsSessionCase.class, TestInstance.Lifecycle.PER_METHOD), 1);
    }

    /** A user's own resolver for a dev.smtptestkit type the extension does not inject. */
    static final class TranscriptResolver implements ParameterResolver {
        static final Transcript CANNED = new Transcript("user-made", List.of(), 0);

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == Transcript.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return CANNED;
        }
    }

    @Tag("fixture")
    @SmtpServer
    @ExtendWith(TranscriptResolver.class)
    static class OwnResolverCase {
        @Test
        void getsTheUsersTranscriptAndOurMailbox(Transcript transcript, Mailbox mailbox) {
            assertThat(transcript).isSameAs(TranscriptResolver.CANNED);
            assertThat(mailbox).hasNoEmails();
        }
    }

    @ParameterizedTest
    @EnumSource(TestInstance.Lifecycle.class)
    void aUsersResolverForAnotherSmtpTestkitTypeDoesNotClash(TestInstance.Lifecycle lifecycle) {
        Fixtures.assertPassed(Fixtures.run(OwnResolverCase.class, lifecycle), 1);
    }
}
