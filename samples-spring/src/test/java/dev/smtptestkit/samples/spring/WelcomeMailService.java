package dev.smtptestkit.samples.spring;

import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Service;

/** The code under test: an ordinary Spring service that sends mail through {@link JavaMailSender}. */
@Service
public class WelcomeMailService {

    private final JavaMailSender mailSender;

    /** @param mailSender configured by Spring Boot from {@code spring.mail.*} */
    public WelcomeMailService(JavaMailSender mailSender) {
        this.mailSender = mailSender;
    }

    /** Sends the welcome mail to a new user. */
    public void sendWelcome(String address, String name) {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom("welcome@example.com");
        message.setTo(address);
        message.setSubject("Welcome, " + name);
        message.setText("Hello " + name + ",\nplease confirm your address.");
        mailSender.send(message);
    }
}
