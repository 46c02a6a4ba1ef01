package dev.smtptestkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.smtptestkit.DisconnectReason;
import dev.smtptestkit.Mailbox;
import dev.smtptestkit.SmtpEvent;
import dev.smtptestkit.SmtpReceiver;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Limits hold: line length, message size, sessions, idle time, and the loopback-only default. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BoundedResourcesTest {

    private static final long GIB = 1L << 30;
    private static final long NOISE = 16L << 20; // what a GC-measured heap may wander by

    /** Writes up to {@code limit} octets of 'x' from one reused buffer; returns how many got out. */
    private static long pour(OutputStream out, long limit) {
        byte[] block = new byte[64 * 1024];
        Arrays.fill(block, (byte) 'x');
        long sent = 0;
        try {
            while (sent < limit) {
                int n = (int) Math.min(block.length, limit - sent);
                out.write(block, 0, n);
                sent += n;
            }
        } catch (IOException e) {
            return sent; // the receiver closed the connection
        }
        return sent;
    }

    @Test
    void gibibyteWithoutLineEndIsCutAt64TimesTheLineLimit() throws Exception {
        try (SmtpReceiver receiver = SmtpReceiver.builder().start(); RawClient smtp = RawClient.ready(receiver.port())) {
            long before = Heap.usedAfterGc();
            String session = Sessions.idOf(receiver.mailbox(), smtp.socket().getLocalPort());
            // The reply is read while the client is still writing, so a reset cannot swallow it.
            CompletableFuture<SmtpReply> reply = CompletableFuture.supplyAsync(smtp::reply);
            long sent = pour(smtp.socket().getOutputStream(), GIB);
            assertThat(reply.get(20, TimeUnit.SECONDS).status()).isEqualTo("421 4.7.0");
            assertThat(sent).as("octets the receiver took before closing").isLessThan(GIB);
            SmtpEvent.ClientDisconnected end = Sessions.awaitEnd(receiver.mailbox(), session);
            assertThat(end.reason()).isEqualTo(DisconnectReason.LIMIT_EXCEEDED);
            long growth = Heap.usedAfterGc() - before;
            System.out.printf("1 GiB without CRLF: cut after %s sent (64 x 1024-octet limit), heap growth %s%n",
                    Heap.mib(sent), Heap.mib(growth));
            assertThat(growth).isLessThan(NOISE);
        }
    }

    @Test
    void gibibyteOfDataWithoutLineEndStaysWithinTheMessageLimit() throws Exception {
        long limit = 1 << 20;
        try (SmtpReceiver receiver = SmtpReceiver.builder().maxMessageSize(limit).start();
             RawClient smtp = RawClient.ready(receiver.port())) {
            smtp.send("MAIL FROM:<big@x.test>\r\nRCPT TO:<r@x.test>\r\nDATA\r\n");
            smtp.expect(250);
            smtp.expect(250);
            smtp.expect(354);
            long before = Heap.usedAfterGc();
            long[] peak = new long[1];
            OutputStream out = smtp.socket().getOutputStream();
            for (int part = 0; part < 4; part++) {
                assertThat(pour(out, GIB / 4)).isEqualTo(GIB / 4);
                peak[0] = Math.max(peak[0], Heap.usedAfterGc() - before); // mid-transfer, message buffer included
            }
            smtp.send("\r\n.\r\n");
            assertThat(smtp.reply().status()).isEqualTo("552 5.3.4");
            assertThat(receiver.mailbox().emails()).isEmpty();
            System.out.printf("1 GiB of DATA without CRLF, 1 MiB limit: peak heap growth %s, answered 552 5.3.4%n",
                    Heap.mib(peak[0]));
            assertThat(peak[0]).isLessThan(limit + NOISE);
            assertThat(smtp.command("QUIT").code()).isEqualTo(221);
        }
    }

    @Test
    void connectionsOverMaxSessionsGet421AndTheRestKeepWorking() {
        int max = 8;
        try (SmtpReceiver receiver = SmtpReceiver.builder().maxSessions(max).start()) {
            Mailbox mailbox = receiver.mailbox();
            List<RawClient> admitted = new ArrayList<>();
            try {
                for (int k = 0; k < max; k++) {
                    admitted.add(RawClient.ready(receiver.port()));
                }
                for (int k = 0; k < 12; k++) {
                    try (RawClient refused = RawClient.connect(receiver.port())) {
                        // RFC 5321 3.8; no enhanced code before EHLO (RFC 2034 3)
                        assertThat(refused.reply().status()).isEqualTo("421");
                        assertThat(refused.closedByPeer()).isTrue();
                    }
                }
                for (int k = 0; k < max; k++) {
                    TestMessage m = TestMessage.generate(11, k, 2);
                    assertThat(LoadRun.sendData(admitted.get(k), m, false).code()).isEqualTo(250);
                }
                assertThat(admitted.get(0).command("QUIT").code()).isEqualTo(221);
                admitted.remove(0).close();
                await().atMost(Duration.ofSeconds(10)).until(() -> receiver.activeSessionCount() < max);
                try (RawClient later = RawClient.ready(receiver.port())) {
                    assertThat(later.command("QUIT").code()).isEqualTo(221);
                }
            } finally {
                admitted.forEach(RawClient::close);
            }
            assertThat(mailbox.emails()).hasSize(max);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    mailbox.events(SmtpEvent.ClientDisconnected.class).size() == max + 12 + 1);
            assertThat(mailbox.events(SmtpEvent.ClientDisconnected.class).stream()
                    .filter(d -> d.reason() == DisconnectReason.LIMIT_EXCEEDED)).hasSize(12);
        }
    }

    /**
     * RFC 5321 4.5.3.1.4: a line of exactly the limit (1024 octets with CRLF) is accepted however
     * it is split; the split right between its CR and LF once made it "too long". Each of the 20
     * rounds writes the CR and the LF separately, so the receiver often reads them apart.
     */
    @Test
    void lineOfExactlyTheLimitIsAcceptedWhereverItIsSplit() {
        try (SmtpReceiver receiver = SmtpReceiver.builder().start(); RawClient smtp = RawClient.ready(receiver.port())) {
            String line = "NOOP " + "x".repeat(1017);
            for (int round = 0; round < 20; round++) {
                smtp.send(line + "\r");
                smtp.send("\n");
                assertThat(smtp.reply().status()).as("round %d", round).isEqualTo("250 2.0.0");
                smtp.send(line + "x\r");
                smtp.send("\n");
                assertThat(smtp.reply().status()).as("one over, round %d", round).isEqualTo("500 5.5.2");
            }
            assertThat(smtp.command("QUIT").code()).isEqualTo(221);
        }
    }

    /** One octet every 150 ms of a 20-octet line: the line is not complete within the 1 s idle timeout. */
    @Test
    void slowClientIsCutByTheIdleTimeout() throws Exception {
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        try (SmtpReceiver receiver = SmtpReceiver.builder().idleTimeout(Duration.ofSeconds(1)).start();
             RawClient smtp = RawClient.ready(receiver.port())) {
            String session = Sessions.idOf(receiver.mailbox(), smtp.socket().getLocalPort());
            byte[] line = "NOOP one octet a go\r\n".getBytes(StandardCharsets.US_ASCII);
            AtomicInteger sent = new AtomicInteger();
            pacer.scheduleAtFixedRate(() -> {
                int k = sent.get();
                if (k < line.length) {
                    try {
                        smtp.socket().getOutputStream().write(line[k]);
                        sent.incrementAndGet();
                    } catch (IOException | UncheckedIOException e) {
                        throw new IllegalStateException("stopped", e); // ends the schedule
                    }
                }
            }, 0, 150, TimeUnit.MILLISECONDS);
            long start = System.nanoTime();
            assertThat(smtp.reply().status()).isEqualTo("421 4.4.2");
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(sent.get()).as("octets sent before the cut").isLessThan(line.length);
            assertThat(smtp.closedByPeer()).isTrue();
            SmtpEvent.ClientDisconnected end = Sessions.awaitEnd(receiver.mailbox(), session);
            assertThat(end.reason()).isEqualTo(DisconnectReason.IDLE_TIMEOUT);
            assertThat(receiver.mailbox().events(SmtpEvent.CommandReceived.class).stream()
                    .filter(c -> c.command().startsWith("NOOP"))).isEmpty();
            System.out.printf("slow client: cut after %d ms and %d of %d octets%n", waited, sent.get(), line.length);
        } finally {
            pacer.shutdownNow();
            assertThat(pacer.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void loopbackByDefaultIsNotReachableOnOtherInterfaces() throws Exception {
        Optional<InetAddress> other = nonLoopbackAddress();
        Assumptions.assumeTrue(other.isPresent(),
                "this machine has no non-loopback interface address, so reachability on another interface cannot be tested");
        InetAddress address = other.get();
        try (SmtpReceiver receiver = SmtpReceiver.builder().start()) {
            assertThat(receiver.host()).isEqualTo("127.0.0.1");
            try (Socket socket = new Socket()) {
                Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() ->
                        socket.connect(new InetSocketAddress(address, receiver.port()), 3_000));
                assertThat(refused).as("connect to %s:%d", address.getHostAddress(), receiver.port())
                        .isInstanceOf(ConnectException.class);
            }
            try (RawClient local = RawClient.ready(receiver.port())) {
                assertThat(local.command("QUIT").code()).isEqualTo(221);
            }
        }
        // Configured for every interface, the same address answers.
        try (SmtpReceiver everywhere = SmtpReceiver.builder().host("0.0.0.0").start();
             RawClient client = RawClient.connect(address, everywhere.port())) {
            assertThat(client.reply().code()).isEqualTo(220);
            assertThat(client.command("QUIT").code()).isEqualTo(221);
        }
        System.out.println("loopback default: refused on " + address.getHostAddress() + ", answered there when host is 0.0.0.0");
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }

    /** Figures for docs/reliability.md: heap per idle session and per recorded message. */
    @Test
    void memoryPerIdleSessionAndPerRecordedMessage() {
        int sessions = 200;
        try (SmtpReceiver receiver = SmtpReceiver.builder().start()) {
            List<RawClient> idle = new ArrayList<>();
            long before = Heap.usedAfterGc();
            int threadsBefore = Thread.activeCount();
            try {
                for (int k = 0; k < sessions; k++) {
                    idle.add(RawClient.ready(receiver.port()));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> receiver.activeSessionCount() == sessions);
                long perSession = (Heap.usedAfterGc() - before) / sessions;
                // client sockets are in this heap too; they are small next to the receiver's buffers
                System.out.printf("FIGURE idle session: %.1f KiB heap each (%d sessions after EHLO, client sockets"
                                + " included), %d threads more%n", perSession / 1024.0, sessions,
                        Thread.activeCount() - threadsBefore);
                assertThat(perSession).isBetween(1L, 256L * 1024);
            } finally {
                idle.forEach(RawClient::close);
            }
        }
        // Every command is recorded (event and transcript lines) for the life of the receiver.
        int commands = 20_000;
        try (SmtpReceiver receiver = SmtpReceiver.builder().maxCommandsWithoutTransaction(Integer.MAX_VALUE).start(); RawClient smtp = RawClient.ready(receiver.port())) {
            long before = Heap.usedAfterGc();
            for (int k = 0; k < commands / 1000; k++) {
                smtp.send("NOOP\r\n".repeat(1000));
                for (int r = 0; r < 1000; r++) {
                    smtp.expect(250);
                }
            }
            long perCommand = (Heap.usedAfterGc() - before) / commands;
            System.out.printf("FIGURE recorded command (NOOP and its reply): %d bytes heap each%n", perCommand);
            assertThat(perCommand).isBetween(1L, 4096L);
            assertThat(smtp.command("QUIT").code()).isEqualTo(221);
        }
        int messages = 2000;
        for (int size : new int[] {1024, 16 * 1024}) {
            try (SmtpReceiver receiver = SmtpReceiver.builder().start(); RawClient smtp = RawClient.ready(receiver.port())) {
                long before = Heap.usedAfterGc();
                byte[] body = ("Subject: m\r\n\r\n" + "y".repeat(size - 18) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                String group = "MAIL FROM:<m@x.test>\r\nRCPT TO:<r@x.test>\r\nDATA\r\n";
                for (int k = 0; k < messages; k++) {
                    smtp.send(group);
                    smtp.expect(250);
                    smtp.expect(250);
                    smtp.expect(354);
                    smtp.send(body);
                    smtp.send(".\r\n");
                    smtp.expect(250);
                }
                assertThat(receiver.mailbox().size()).isEqualTo(messages);
                long perMessage = (Heap.usedAfterGc() - before) / messages;
                System.out.printf("FIGURE recorded message of %d octets: %.1f KiB heap each (email, envelope, events,"
                        + " transcript), %.1f KiB beyond its content%n", body.length, perMessage / 1024.0,
                        (perMessage - body.length) / 1024.0);
                assertThat(perMessage).isBetween((long) body.length, body.length + 64L * 1024);
                assertThat(smtp.command("QUIT").code()).isEqualTo(221);
            }
        }
    }
}
