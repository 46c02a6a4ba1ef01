package example.app;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;

/** The module's own code that sends mail. */
public final class WelcomeMailer {
    private final Session session;

    /**
     * A mailer.
     *
     * @param session where to send
     */
    public WelcomeMailer(Session session) {
        this.session = session;
    }

    /**
     * Sends the welcome mail.
     *
     * @param to the recipient
     * @throws MessagingException when sending fails
     */
    public void send(String to) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom("app@example.com");
        message.setRecipients(Message.RecipientType.TO, to);
        message.setSubject("Welcome");
        message.setText("Hello, activate your account.");
        Transport.send(message);
    }
}
