package dev.smtptestkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.SmtpReceiver;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A closed receiver, once the test drops it, leaves nothing on the heap: not its mailbox, not the
 * messages in it. The session threads that served it live on (on Java 17-20 they wait for the next
 * session of any receiver) and must not keep its sessions reachable; they did, until the thread
 * ended 10 s later or for as long as it kept serving other receivers (a closed receiver's 50 MiB
 * message stayed on the heap of the next test).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClosedReceiverHeapTest {

    private static final String MESSAGE = "Subject: kept\r\n\r\n" + ("x".repeat(998) + "\r\n").repeat(1000);

    // Runs one receiver through concurrent sessions (so it gets new threads as well as waiting
    // ones), closes it, and returns weak references only.
    private static List<WeakReference<Object>> receiveAndClose(int sessions) {
        SmtpReceiver receiver = SmtpReceiver.builder().start();
        List<RawClient> clients = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            clients.add(RawClient.ready(receiver.port())); // all open at once
        }
        for (RawClient smtp : clients) {
            smtp.transactions(1, "MAIL FROM:<a@x.test>", MESSAGE);
            assertThat(smtp.command("QUIT").code()).isEqualTo(221);
            smtp.close();
        }
        Mailbox mailbox = receiver.mailbox();
        assertThat(mailbox.emails()).hasSize(sessions);
        receiver.close();
        return List.of(new WeakReference<>(receiver), new WeakReference<>(mailbox));
    }

    private static void awaitCollected(List<WeakReference<Object>> refs) {
        // well inside the 10 s a Java 17-20 session thread waits for its next session
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
            System.gc();
            return refs.stream().allMatch(r -> r.get() == null);
        });
    }

    @Test
    void aClosedReceiverIsCollectableWhileItsThreadsWaitAndServeOthers() {
        List<WeakReference<Object>> first = receiveAndClose(4);
        awaitCollected(first);

        // The threads that served it now serve another receiver, and wait again after it closes.
        try (SmtpReceiver next = SmtpReceiver.builder().start()) {
            List<WeakReference<Object>> second = receiveAndClose(4);
            try (RawClient smtp = RawClient.ready(next.port())) {
                smtp.transactions(1, "MAIL FROM:<a@x.test>", MESSAGE);
                awaitCollected(second);
                assertThat(smtp.command("QUIT").code()).isEqualTo(221);
            }
            assertThat(next.mailbox().emails()).hasSize(1);
        }
    }
}
