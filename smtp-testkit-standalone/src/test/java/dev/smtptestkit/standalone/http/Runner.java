package dev.smtptestkit.standalone.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.standalone.InProcess;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The standalone runner started in-process with {@code --http-port 0}, and the clients the tests use. */
final class Runner implements AutoCloseable {

    final SmtpReceiver receiver;
    final URI base;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    Runner(String... extra) throws Exception {
        String[] args = new String[extra.length + 5];
        System.arraycopy(new String[] {"--port", "0", "--http-port", "0", "--quiet"}, 0, args, 0, 5);
        System.arraycopy(extra, 0, args, 5, extra.length);
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        receiver = InProcess.start(out, args);
        Matcher url = Pattern.compile("web page and HTTP API: (http://\\S+)").matcher(printed());
        assertThat(url.find()).as("the runner prints the page's URL:\n" + printed()).isTrue();
        base = URI.create(url.group(1));
    }

    String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    HttpResponse<byte[]> getBytes(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> delete(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve(path)).method("DELETE", body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        return (Map<String, Object>) JsonReader.parse(response.body());
    }

    /** Sends with Angus Mail over SMTP. */
    void send(MimeMessage message) throws Exception {
        Transport.send(message);
    }

    MimeMessage message() {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", String.valueOf(receiver.port()));
        return new MimeMessage(Session.getInstance(p));
    }

    /** A plain text email from {@code from} to {@code to}. */
    void sendText(String from, String to, String subject, String text) throws Exception {
        MimeMessage m = message();
        m.setFrom(new InternetAddress(from));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        m.setSubject(subject);
        m.setText(text);
        send(m);
    }

    /** An HTML email with a text alternative, a PDF attachment, a visible and a Bcc recipient. */
    void sendRich(String html) throws Exception {
        MimeMessage m = message();
        m.setFrom(new InternetAddress("shop@example.com", "The Shop"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("ann@example.com", "Ann"));
        m.setRecipient(Message.RecipientType.BCC, new InternetAddress("audit@example.com"));
        m.setSubject("Your order");
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Thanks for your order.", "UTF-8");
        MimeBodyPart htmlPart = new MimeBodyPart();
        htmlPart.setContent(html, "text/html; charset=UTF-8");
        alternative.addBodyPart(text);
        alternative.addBodyPart(htmlPart);
        MimeBodyPart body = new MimeBodyPart();
        body.setContent(alternative);
        MimeBodyPart pdf = new MimeBodyPart();
        pdf.setContent("%PDF-1.4 invoice".getBytes(StandardCharsets.US_ASCII), "application/pdf");
        pdf.setFileName("invoice.pdf");
        pdf.setDisposition(MimeBodyPart.ATTACHMENT);
        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(body);
        mixed.addBodyPart(pdf);
        m.setContent(mixed);
        send(m);
    }

    /**
     * Sends one message over a raw socket: the commands, then DATA with {@code message} (CRLF lines,
     * without the final dot), then QUIT. For dialogues Angus Mail would not produce.
     */
    void smtp(List<String> commands, String message) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", receiver.port())) {
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("220 ");
            for (String command : commands) {
                out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String line;
                do {
                    line = in.readLine();
                } while (line.charAt(3) == '-'); // the lines of a multi-line reply
                assertThat(line).as(command).matches("[23].*");
            }
            out.write((message + ".\r\nQUIT\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(in.readLine()).startsWith("250 ");
            assertThat(in.readLine()).startsWith("221 ");
        }
    }

    @Override
    public void close() {
        receiver.close();
    }
}
