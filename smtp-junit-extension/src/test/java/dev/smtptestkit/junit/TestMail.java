package dev.smtptestkit.junit;

import dev.smtptestkit.SmtpReceiver;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Real clients for the extension's tests: Angus Mail for messages, a raw socket for misbehaviour. */
final class TestMail {

    private TestMail() {
    }

    /** Sends a plain text message with Jakarta Mail (Angus) to the receiver. */
    static void send(SmtpReceiver receiver, String to, String subject) {
        try {
            Session session = Session.getInstance(receiver.javaMailProperties());
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress("sender@example.com"));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
            message.setSubject(subject, "UTF-8");
            message.setText("Hello from " + subject, "UTF-8");
            Transport.send(message);
        } catch (MessagingException e) {
            throw new IllegalStateException("sending to " + receiver + " failed", e);
        }
    }

    /**
     * Speaks raw SMTP: sends each line and reads the complete reply to it (greeting first).
     *
     * @return the last line of every reply, greeting included
     */
    static List<String> converse(SmtpReceiver receiver, String... lines) {
        try (Socket socket = new Socket("127.0.0.1", receiver.port())) {
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            List<String> replies = new ArrayList<>();
            replies.add(readReply(in));
            for (String line : lines) {
                out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                replies.add(readReply(in));
            }
            return replies;
        } catch (IOException e) {
            throw new IllegalStateException("raw SMTP to " + receiver + " failed", e);
        }
    }

    /** Connects, reads the greeting, then says nothing and returns the line the receiver sends next. */
    static String silent(SmtpReceiver receiver) {
        try (Socket socket = new Socket("127.0.0.1", receiver.port())) {
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            readReply(in);
            return readReply(in);
        } catch (IOException e) {
            throw new IllegalStateException("raw SMTP to " + receiver + " failed", e);
        }
    }

    private static String readReply(BufferedReader in) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed before a complete reply");
            }
        } while (line.length() > 3 && line.charAt(3) == '-'); // RFC 5321 4.2.1: "-" continues a multi-line reply
        return line;
    }
}
