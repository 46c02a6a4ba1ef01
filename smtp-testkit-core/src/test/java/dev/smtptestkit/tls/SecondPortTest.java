package dev.smtptestkit.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.SmtpEvent.ClientDisconnected;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.TlsMode;
import dev.smtptestkit.testing.AngusMail;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** STARTTLS on the receiver's port and implicit TLS (RFC 8314) on a second one: one mailbox, sessions on both. */
@Timeout(60)
class SecondPortTest {

    private SmtpReceiver receiver;

    @AfterEach
    void close() {
        if (receiver != null) {
            receiver.close();
        }
    }

    /** What a user writes for the SMTPS port: its host and port, and the receiver's trust. */
    private Properties smtps() {
        Properties props = new Properties();
        for (String prefix : new String[] {"mail.smtp", "mail.smtps"}) {
            props.setProperty(prefix + ".host", "localhost");
            props.setProperty(prefix + ".port", String.valueOf(receiver.smtpsPort()));
            props.put(prefix + ".ssl.socketFactory", receiver.clientSslContext().getSocketFactory());
            props.setProperty(prefix + ".ssl.checkserveridentity", "true");
            props.setProperty(prefix + ".timeout", "10000");
        }
        props.setProperty("mail.smtp.ssl.enable", "true");
        return props;
    }

    @Test
    void angusMailDeliversOverBothPortsIntoOneMailbox() throws Exception {
        receiver = SmtpReceiver.builder().tls(TlsMode.STARTTLS).implicitTlsPort(0).start();
        assertThat(receiver.smtpsPort()).isPositive().isNotEqualTo(receiver.port());

        AngusMail.send(receiver.javaMailProperties(), null, null); // the main port, STARTTLS required
        AngusMail.send(smtps(), null, null);

        List<ReceivedEmail> emails = receiver.mailbox().emails();
        assertThat(emails).extracting(e -> e.envelope().sessionId()).containsExactly("s1", "s2");
        assertThat(emails).allSatisfy(e -> assertThat(e.envelope().tls()).isPresent());
        String startTls = receiver.mailbox().transcript("s1").orElseThrow().toString();
        String implicit = receiver.mailbox().transcript("s2").orElseThrow().toString();
        assertThat(startTls).contains("C: STARTTLS");
        // RFC 8314 3.3: the handshake comes first, the greeting inside TLS, and no STARTTLS there
        assertThat(implicit).startsWith("-- TLS started: ").doesNotContain("STARTTLS");
        receiver.mailbox().awaitEvent(ClientDisconnected.class, d -> d.sessionId().equals("s2"), Duration.ofSeconds(10));
        assertThat(receiver.mailbox().events(ClientDisconnected.class)).allSatisfy(d -> assertThat(d.tls()).isPresent());
    }

    @Test
    void theSmtpsPortOffersNoStartTlsAndRefusesIt() throws Exception {
        receiver = SmtpReceiver.builder().tls(TlsMode.STARTTLS).implicitTlsPort(0).start();
        try (SSLSocket socket = (SSLSocket) receiver.clientSslContext().getSocketFactory()
                .createSocket("localhost", receiver.smtpsPort())) {
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("220 ");
            out.write("EHLO client.example\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            List<String> ehlo = new ArrayList<>();
            String line;
            do {
                line = in.readLine();
                ehlo.add(line);
            } while (line.charAt(3) == '-');
            assertThat(ehlo).noneMatch(l -> l.contains("STARTTLS"));
            out.write("STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // as on a receiver with tls(TlsMode.IMPLICIT): STARTTLS is not an extension of this port
            assertThat(in.readLine()).isEqualTo("502 5.5.1 STARTTLS not implemented");
        }
    }

    @Test
    void closeReleasesBothPorts() throws Exception {
        receiver = SmtpReceiver.builder().tls(TlsMode.STARTTLS).implicitTlsPort(0).start();
        int main = receiver.port();
        int second = receiver.smtpsPort();

        receiver.close();

        assertThat(receiver.smtpsPort()).isEqualTo(second); // as port(): the port it listened on
        for (int port : new int[] {main, second}) {
            try (ServerSocket again = new ServerSocket()) {
                again.bind(new InetSocketAddress("127.0.0.1", port));
                assertThat(again.getLocalPort()).isEqualTo(port);
            }
        }
    }

    @Test
    void aBusySecondPortFailsTheStartAndLeavesTheFirstFree() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            SmtpReceiver.Builder builder = SmtpReceiver.builder().tls(TlsMode.STARTTLS).implicitTlsPort(taken.getLocalPort());

            assertThatThrownBy(builder::start).isInstanceOf(IllegalStateException.class)
                    .hasMessage("Cannot bind SMTP receiver to 127.0.0.1:" + taken.getLocalPort()
                            + ": address already in use. Leave the port at 0 to get a free ephemeral port.");
        }
    }

    @Test
    void misuseIsExplained() {
        assertThatThrownBy(() -> SmtpReceiver.builder().tls(TlsMode.IMPLICIT).implicitTlsPort(0).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("implicitTlsPort(0) needs tls(TlsMode.STARTTLS): the main port offers STARTTLS and the"
                        + " second one implicit TLS; was tls(TlsMode.IMPLICIT)");
        assertThatThrownBy(() -> SmtpReceiver.builder().implicitTlsPort(70_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("implicitTlsPort must be 0-65535 (0: an ephemeral port), not 70000");
        receiver = SmtpReceiver.builder().tls(TlsMode.STARTTLS).start();
        assertThatThrownBy(receiver::smtpsPort).isInstanceOf(IllegalStateException.class)
                .hasMessage("SmtpReceiver has no implicit TLS port: call implicitTlsPort(0) on the builder, next to"
                        + " tls(TlsMode.STARTTLS)");
    }
}
