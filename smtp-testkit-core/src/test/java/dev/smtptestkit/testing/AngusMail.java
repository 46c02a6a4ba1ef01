package dev.smtptestkit.testing;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;

/** Sends one small message with Angus Mail as an application would, over "smtp" or (implicit TLS) "smtps". */
public final class AngusMail {

    private AngusMail() {
    }

    /**
     * Sends "Welcome" from app@example.com to user@example.com.
     *
     * @param props    the session properties, usually {@code receiver.javaMailProperties()}
     * @param user     the login, or null to send without AUTH
     * @param password the password (or XOAUTH2 token)
     */
    public static void send(Properties props, String user, String password) throws Exception {
        props.setProperty("mail.smtp.auth", String.valueOf(user != null));
        props.setProperty("mail.smtps.auth", String.valueOf(user != null));
        Session session = Session.getInstance(props);
        MimeMessage message = new MimeMessage(session);
        message.setFrom("app@example.com");
        message.setRecipients(Message.RecipientType.TO, "user@example.com");
        message.setSubject("Welcome");
        message.setText("Hello!");
        message.saveChanges();
        String protocol = "true".equals(props.getProperty("mail.smtp.ssl.enable")) ? "smtps" : "smtp";
        try (Transport transport = session.getTransport(protocol)) {
            transport.connect(user, password);
            transport.sendMessage(message, message.getAllRecipients());
        }
    }
}
