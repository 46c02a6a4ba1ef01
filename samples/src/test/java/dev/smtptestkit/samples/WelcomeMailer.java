package dev.smtptestkit.samples;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/** The code under test of the quick start ({@link WelcomeMailTest}): sends a welcome mail with Jakarta Mail. */
class WelcomeMailer {

    private final Session session;

    WelcomeMailer(Session session) {
        this.session = session;
    }

    void send(String to) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("welcome@example.com"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject("Welcome");
        message.setText("Hello and welcome!");
        Transport.send(message);
    }
}
