package dev.smtptestkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 point 3: out of file descriptors, the shared acceptor backs off instead of spinning, logs
 * once, and accepts again once descriptors are free. The receiver runs in a child JVM started under
 * {@code ulimit -n}, which uses up its own descriptors; the clients connect from this JVM.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DescriptorExhaustionTest {

    private static final int CLIENTS = 20;
    private static final String LOG_LINE = "WARNING: Accepting connections (smtp-testkit-acceptor) failed: "
            + "java.io.IOException: Too many open files; retrying after 10 ms, doubling up to 1 s; clients wait in"
            + " the backlog (logged once until it works again)";

    private record Status(long cpuNanos, long failures, long episodes) {
        static Status of(ChildJvm child) {
            String[] f = child.ask("status").split(" ");
            assertThat(f[0]).isEqualTo("status");
            return new Status(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]));
        }
    }

    @Test
    void outOfDescriptorsTheAcceptorBacksOffLogsOnceAndAcceptsAgain(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash for ulimit");
        Path stderr = dir.resolve("child.err");
        try (ChildJvm child = ChildJvm.start("ulimit -n 256", List.of("-Xmx64m"),
                "dev.smtptestkit.internal.net.AcceptorUnderPressure", stderr)) {
            int port = child.port();
            assertThat(child.ask("exhaust")).startsWith("exhausted ");
            Status before = Status.of(child);
            long t0 = System.nanoTime();

            List<RawClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    clients.add(RawClient.connect(port)); // the kernel completes them; the receiver cannot take them
                }
                // While clients wait, the acceptor may use at most 5 % of a core (plus 50 ms to start):
                // a spinning accept loop uses all of one.
                await("acceptor CPU under 5 % of a core while out of descriptors")
                        .during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(200))
                        .until(() -> {
                            Status now = Status.of(child);
                            long wall = System.nanoTime() - t0;
                            return now.cpuNanos() - before.cpuNanos() < wall / 20 + TimeUnit.MILLISECONDS.toNanos(50);
                        });
                Status during = Status.of(child);
                long wall = System.nanoTime() - t0;
                System.out.printf("out of descriptors for %.1f s: acceptor CPU %.1f ms (%.2f %% of a core),"
                        + " %d failed accepts%n", wall / 1e9, (during.cpuNanos() - before.cpuNanos()) / 1e6,
                        100.0 * (during.cpuNanos() - before.cpuNanos()) / wall, during.failures() - before.failures());
                // 10 ms doubling to 1 s: 7 tries in the first 1.3 s, then one a second
                assertThat(during.failures() - before.failures()).isBetween(7L, 7L + wall / 1_000_000_000L + 2);

                assertThat(child.ask("free")).isEqualTo("freed");
                long t1 = System.nanoTime();
                for (RawClient client : clients) {
                    client.expect(220);
                }
                long greetedNanos = System.nanoTime() - t1;
                System.out.printf("descriptors freed: all %d waiting clients greeted within %.0f ms%n",
                        CLIENTS, greetedNanos / 1e6);
                assertThat(greetedNanos).isLessThan(TimeUnit.MILLISECONDS.toNanos(2_500)); // at most one 1 s pause, and a busy machine
                for (RawClient client : clients) {
                    assertThat(client.command("QUIT").code()).isEqualTo(221);
                }
                assertThat(Status.of(child).episodes()).isEqualTo(1);
            } finally {
                clients.forEach(RawClient::close);
            }
            child.quit();
        }
        List<String> log = Files.readAllLines(stderr, StandardCharsets.UTF_8);
        assertThat(log).filteredOn(line -> line.contains("smtp-testkit-acceptor")).containsExactly(LOG_LINE);
    }
}
