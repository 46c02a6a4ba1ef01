package dev.smtptestkit.standalone.http;

import static dev.smtptestkit.standalone.http.Runner.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.SmtpEvent.ClientDisconnected;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The HTTP event log shows what a session negotiated and who logged in, never the password. */
@Timeout(60)
class HttpEventsTlsAndAuthTest {

    private Runner runner;

    @AfterEach
    void stop() {
        if (runner != null) {
            runner.close();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDisconnectEventCarriesTlsAndTheLogin() throws Exception {
        runner = new Runner("--tls", "starttls", "--user", "alice:s3cret");
        Properties props = runner.receiver.javaMailProperties();
        props.setProperty("mail.smtp.auth", "true");
        props.setProperty("mail.smtp.auth.mechanisms", "PLAIN");
        Session session = Session.getInstance(props);
        MimeMessage m = new MimeMessage(session);
        m.setFrom("a@example.com");
        m.setRecipients(Message.RecipientType.TO, "b@example.com");
        m.setSubject("hi");
        m.setText("hello");
        Transport.send(m, "alice", "s3cret");
        runner.receiver.mailbox().awaitEvent(ClientDisconnected.class, d -> true, Duration.ofSeconds(10));

        String body = runner.get("/api/events?limit=1000").body();
        List<Map<String, Object>> events = (List<Map<String, Object>>) json(runner.get("/api/events?limit=1000"))
                .get("events");
        assertThat(events).filteredOn(e -> e.get("type").equals("ClientDisconnected")).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("reason", "QUIT").containsEntry("authUser", "alice")
                        .containsEntry("authMechanism", "PLAIN").containsKey("tlsCipherSuite")
                        .hasEntrySatisfying("tlsProtocol", p -> assertThat(p).isIn("TLSv1.3", "TLSv1.2")));
        assertThat(body).doesNotContain("s3cret");
    }
}
