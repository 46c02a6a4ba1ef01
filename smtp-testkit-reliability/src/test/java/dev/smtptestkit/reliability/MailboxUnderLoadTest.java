package dev.smtptestkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.SmtpEvent;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.Transcript;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10 points 5 and 6: what the test does with the mailbox never stalls a client, and what a
 * client does never grows the mailbox without bound.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MailboxUnderLoadTest {

    private static final long NOISE = 16L << 20; // what a GC-measured heap may wander by

    @Test
    void aSlowAwaitEmailPredicateDoesNotStallAnotherClientsNoop() throws Exception {
        try (SmtpReceiver receiver = SmtpReceiver.builder().start();
             RawClient sender = RawClient.ready(receiver.port());
             RawClient other = RawClient.ready(receiver.port())) {
            Mailbox mailbox = receiver.mailbox();
            sender.command("MAIL FROM:<a@example.com>");
            sender.command("RCPT TO:<b@example.com>");
            sender.command("DATA");
            assertThat(sender.command("Subject: big\r\n\r\nbody\r\n.").code()).isEqualTo(250);

            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            // A predicate as slow as one parsing a large email: it blocks until the NOOP below was answered.
            CompletableFuture<ReceivedEmail> waiter = CompletableFuture.supplyAsync(() -> mailbox.awaitEmail(e -> {
                entered.countDown();
                try {
                    return release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }, Duration.ofSeconds(60)));
            try {
                assertThat(entered.await(10, TimeUnit.SECONDS)).as("the predicate runs").isTrue();
                long start = System.nanoTime();
                CompletableFuture<Integer> noop = CompletableFuture.supplyAsync(() -> other.command("NOOP").code());
                assertThat(noop.get(5, TimeUnit.SECONDS)).as("NOOP answered while the predicate runs").isEqualTo(250);
                System.out.printf("NOOP answered in %d ms while an awaitEmail predicate was blocked%n",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            } finally {
                release.countDown();
            }
            assertThat(waiter.get(10, TimeUnit.SECONDS).subject()).isEqualTo("big");
        }
    }

    @Test
    void aNoopFloodRecordsAtMostTheCapAndKeepsTheHeapBounded() throws Exception {
        int noops = 300_000;
        // this test is about the recording cap, not the limit on commands without a transaction
        try (SmtpReceiver receiver = SmtpReceiver.builder().maxCommandsWithoutTransaction(Integer.MAX_VALUE).start();
             RawClient smtp = RawClient.ready(receiver.port())) {
            Mailbox mailbox = receiver.mailbox();
            String session = Sessions.idOf(mailbox, smtp.socket().getLocalPort());
            long before = Heap.usedAfterGc();
            CompletableFuture<Integer> answered = CompletableFuture.supplyAsync(() -> {
                for (int i = 0; i < noops; i++) {
                    smtp.expect(250);
                }
                return noops;
            });
            byte[] batch = "NOOP\r\n".repeat(1000).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < noops / 1000; i++) {
                smtp.send(batch);
            }
            assertThat(answered.get(90, TimeUnit.SECONDS)).as("every NOOP answered").isEqualTo(noops);
            assertThat(smtp.command("QUIT").code()).isEqualTo(221);
            Sessions.awaitEnd(mailbox, session);
            long growth = Heap.usedAfterGc() - before;

            Transcript transcript = mailbox.transcript(session).orElseThrow();
            assertThat(transcript.lines()).hasSize(10_000);
            assertThat(transcript.lines().size() + transcript.linesNotRecorded()).isGreaterThan(2L * noops);
            assertThat(transcript.render()).endsWith(" more lines not recorded");
            assertThat(mailbox.events(SmtpEvent.CommandReceived.class)).hasSizeLessThanOrEqualTo(10_000);
            System.out.printf("%,d NOOPs: %,d transcript lines kept, %,d counted; heap growth %s%n", noops,
                    transcript.lines().size(), transcript.linesNotRecorded(), Heap.mib(growth));
            assertThat(growth).isLessThan(NOISE);
        }
    }
}
