package dev.smtptestkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 point 1 with a real heap: a child JVM at {@code -Xmx48m} fills its heap for two seconds
 * while clients keep connecting, so the shared acceptor and the timeout watchdog meet real
 * {@link OutOfMemoryError}s. Once the heap is free again, the old receiver and a new one greet, and
 * idle timeouts are still enforced.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HeapExhaustionTest {

    // The child's own thread that talks to this test writes pre-encoded lines straight to its stdout
    // and retries while the heap is full, so it cannot be the one that falls silent (it did before,
    // in the full build: "child output ended").
    @Test
    void afterOutOfMemoryTheSharedThreadsServeEveryReceiverAgain(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash to start the child");
        try (ChildJvm child = ChildJvm.start("true", List.of("-Xmx48m"),
                "dev.smtptestkit.internal.net.HeapExhaustion", dir.resolve("child.err"))) {
            int port = child.port();
            assertThat(child.ask("fill")).isEqualTo("full");
            // Clients keep arriving while the heap is full: the acceptor has to take them.
            AtomicBoolean freed = new AtomicBoolean();
            CompletableFuture<Integer> knocking = CompletableFuture.supplyAsync(() -> {
                int n = 0;
                while (!freed.get() && n < 200) {
                    RawClient.connect(port).close(); // accepted or not: the acceptor has work
                    n++;
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // a pace, not a wait for anything
                }
                return n;
            });
            assertThat(child.line()).isEqualTo("freed");
            freed.set(true);
            int knocked = knocking.get(30, TimeUnit.SECONDS);

            long t0 = System.nanoTime();
            try (RawClient client = RawClient.ready(port)) { // the old receiver greets again
                assertThat(client.command("QUIT").code()).isEqualTo(221);
            }
            long greetNanos = System.nanoTime() - t0;
            try (RawClient idle = RawClient.ready(port)) { // the watchdog still ends idle sessions
                assertThat(idle.reply().status()).isEqualTo("421 4.4.2");
            }
            int second = Integer.parseInt(child.ask("start").substring(5));
            try (RawClient client = RawClient.ready(second)) { // and a new receiver is served
                assertThat(client.command("QUIT").code()).isEqualTo(221);
            }
            String[] counts = child.ask("counts").split(" ");
            System.out.printf("heap full for 2 s at -Xmx48m, %d clients knocking: the acceptor survived %s failures,"
                    + " the watchdog %s; greeted again %.0f ms after the heap was freed%n",
                    knocked, counts[1], counts[2], greetNanos / 1e6);
            child.quit();
        }
    }
}
