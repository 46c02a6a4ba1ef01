package dev.smtptestkit.spring;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;

/** A minimal Spring Boot application for the tests: mail auto-configuration and a {@link #send} helper. */
@SpringBootConfiguration
@EnableAutoConfiguration
class MailApp {

    /** Sends one plain mail through the application's {@code JavaMailSender}. */
    static void send(JavaMailSender sender, String to, String subject) {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom("app@example.com");
        message.setTo(to);
        message.setSubject(subject);
        message.setText("Hello");
        sender.send(message);
    }
}
