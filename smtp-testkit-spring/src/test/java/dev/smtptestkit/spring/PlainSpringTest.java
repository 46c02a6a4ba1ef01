package dev.smtptestkit.spring;

import static dev.smtptestkit.assertj.SmtpAssertions.assertThat;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.junit.SmtpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

/** Any Spring TestContext class, without Boot: the properties are there for the application's own wiring. */
@SpringJUnitConfig(PlainSpringTest.Config.class)
@SmtpServer
@Timeout(60)
class PlainSpringTest {

    @Configuration
    static class Config {
        @Bean
        JavaMailSender mailSender(@Value("${spring.mail.host}") String host, @Value("${spring.mail.port}") int port) {
            JavaMailSenderImpl sender = new JavaMailSenderImpl();
            sender.setHost(host);
            sender.setPort(port);
            return sender;
        }
    }

    @Autowired
    JavaMailSender mailSender;

    @Test
    void theApplicationsOwnWiringReachesTheReceiver(Mailbox mailbox) {
        MailApp.send(mailSender, "ada@example.com", "Without Boot");

        assertThat(mailbox).singleEmail().hasSubject("Without Boot");
    }
}
