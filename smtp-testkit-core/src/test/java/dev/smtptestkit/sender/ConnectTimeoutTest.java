package dev.smtptestkit.sender;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.DeliveryResult;
import dev.smtptestkit.DeliveryResult.Kind;
import dev.smtptestkit.DeliveryResult.Stage;
import dev.smtptestkit.OutgoingEmail;
import dev.smtptestkit.SmtpSender;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The connect timeout, against a listener whose accept queue is full (the kernel then drops new SYNs). */
@Timeout(60)
class ConnectTimeoutTest {

    @Test
    void aListenerThatNeverAcceptsTimesOutTheConnect() throws Exception {
        List<Socket> fillers = new ArrayList<>();
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            boolean queueFull = false;
            for (int i = 0; i < 64 && !queueFull; i++) {
                Socket s = new Socket();
                fillers.add(s);
                try {
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), full.getLocalPort()), 200);
                } catch (SocketTimeoutException e) {
                    queueFull = true;
                }
            }
            if (!queueFull) {
                System.out.println("NOTICE: this system queues every connection (no SYN is dropped), so the "
                        + "connect timeout cannot be provoked here; ConnectTimeoutTest is skipped.");
            }
            Assumptions.assumeTrue(queueFull, "the accept queue never filled");

            DeliveryResult result = SmtpSender.to("127.0.0.1", full.getLocalPort())
                    .connectTimeout(Duration.ofMillis(300)).build()
                    .send(OutgoingEmail.of("a@example.test", List.of("b@example.test"),
                            "Subject: x\r\n\r\ny\r\n".getBytes(StandardCharsets.US_ASCII)));

            DeliveryResult.Failure failure = result.failure().orElseThrow();
            assertThat(failure.stage()).isEqualTo(Stage.CONNECT);
            assertThat(failure.kind()).isEqualTo(Kind.TIMEOUT);
            assertThat(failure.message()).isEqualTo("Cannot connect to 127.0.0.1:" + full.getLocalPort()
                    + " within the connect timeout of 300 ms");
        } finally {
            for (Socket s : fillers) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing a filler that never connected
                }
            }
        }
    }
}
