package dev.smtptestkit.bench.junit;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;

/** What each generated test does: send one 1 KiB text message through Angus Mail. */
public final class AngusSend {

    private static final String TEXT = "x".repeat(76).concat("\r\n").repeat(13);

    private AngusSend() {
    }

    /** Sends one message to 127.0.0.1:port over a new connection. */
    public static void send(int port) throws MessagingException {
        Properties props = new Properties();
        props.setProperty("mail.smtp.host", "127.0.0.1");
        props.setProperty("mail.smtp.port", String.valueOf(port));
        props.setProperty("mail.smtp.connectiontimeout", "10000");
        props.setProperty("mail.smtp.timeout", "10000");
        Session session = Session.getInstance(props);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("sender@bench.test"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("rcpt@bench.test"));
        message.setSubject("junit overhead");
        message.setText(TEXT);
        Transport.send(message);
    }
}
