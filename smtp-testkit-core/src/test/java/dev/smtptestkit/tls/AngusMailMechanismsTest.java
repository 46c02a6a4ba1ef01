package dev.smtptestkit.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smtptestkit.AuthMechanism;
import dev.smtptestkit.AuthPolicy;
import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.TlsMode;
import dev.smtptestkit.testing.AngusMail;
import jakarta.mail.AuthenticationFailedException;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Angus Mail logs in with every mechanism (RFC 4954) over both TLS modes (STARTTLS, RFC 3207;
 * implicit TLS, RFC 8314). CRAM-MD5 goes through Angus's SASL support (the JDK's CRAM-MD5 client).
 */
@Timeout(60)
class AngusMailMechanismsTest {

    private SmtpReceiver receiver;

    @AfterEach
    void close() {
        if (receiver != null) {
            receiver.close();
        }
    }

    /** Picks the mechanism for both the smtp and the smtps transport. */
    private static Properties mechanism(Properties props, AuthMechanism mechanism) {
        for (String prefix : new String[] {"mail.smtp", "mail.smtps"}) {
            if (mechanism == AuthMechanism.CRAM_MD5) {
                props.setProperty(prefix + ".sasl.enable", "true");
                props.setProperty(prefix + ".sasl.mechanisms", "CRAM-MD5");
            } else {
                props.setProperty(prefix + ".auth.mechanisms", mechanism.saslName());
            }
        }
        return props;
    }

    @ParameterizedTest
    @CsvSource({"STARTTLS, PLAIN", "STARTTLS, LOGIN", "STARTTLS, CRAM_MD5", "STARTTLS, XOAUTH2",
            "IMPLICIT, PLAIN", "IMPLICIT, LOGIN", "IMPLICIT, CRAM_MD5", "IMPLICIT, XOAUTH2"})
    void logsInWithEveryMechanismOverBothTlsModes(TlsMode mode, AuthMechanism mechanism) throws Exception {
        receiver = SmtpReceiver.builder().tls(mode).requireTls(true)
                .auth(AuthPolicy.users(Map.of("ada", "s3cret"))).requireAuth(true).start();

        AngusMail.send(mechanism(receiver.javaMailProperties(), mechanism), "ada", "s3cret");

        ReceivedEmail email = receiver.mailbox().singleEmail();
        assertThat(email.envelope().auth()).hasValueSatisfying(a -> {
            assertThat(a.user()).isEqualTo("ada");
            assertThat(a.mechanism()).isEqualTo(mechanism);
        });
        assertThat(email.envelope().tls()).isPresent();
        assertThat(receiver.mailbox().transcripts().get(0).toString()).doesNotContain("s3cret");
    }

    @Test
    void anXoauth2TokenValidatorDecides() throws Exception {
        receiver = SmtpReceiver.builder().tls(TlsMode.STARTTLS)
                .auth(AuthPolicy.validator(c -> c.mechanism() == AuthMechanism.XOAUTH2
                        && c.token().filter("ya29.valid"::equals).isPresent())).start();

        AngusMail.send(mechanism(receiver.javaMailProperties(), AuthMechanism.XOAUTH2), "a@example.com", "ya29.valid");
        assertThatThrownBy(() -> AngusMail.send(mechanism(receiver.javaMailProperties(), AuthMechanism.XOAUTH2),
                "a@example.com", "ya29.expired")).isInstanceOf(AuthenticationFailedException.class);

        assertThat(receiver.mailbox().singleEmail().envelope().auth()).hasValueSatisfying(a -> {
            assertThat(a.user()).isEqualTo("a@example.com");
            assertThat(a.mechanism()).isEqualTo(AuthMechanism.XOAUTH2);
        });
        assertThat(receiver.mailbox().violations()).isEmpty(); // a refused token is the scenario, not a violation
        String recorded = receiver.mailbox().transcripts().toString() + receiver.mailbox().events();
        assertThat(recorded).doesNotContain("ya29.valid").doesNotContain("ya29.expired");
    }

    @Test
    void theAuthParameterOfMailIsAcceptedAndRecorded() throws Exception {
        // RFC 4954 5: Angus sends MAIL FROM:<...> AUTH=<...> when mail.smtp.submitter is set
        receiver = SmtpReceiver.builder().tls(TlsMode.STARTTLS).auth(AuthPolicy.acceptAny()).start();
        Properties props = receiver.javaMailProperties();
        props.setProperty("mail.smtp.submitter", "app@example.com");

        AngusMail.send(props, "ada", "s3cret");

        assertThat(receiver.mailbox().singleEmail().envelope().senderParameters())
                .containsEntry("AUTH", "app@example.com");
    }
}
