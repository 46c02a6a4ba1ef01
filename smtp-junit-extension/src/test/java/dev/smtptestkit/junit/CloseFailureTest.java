package dev.smtptestkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.SmtpEvent;
import dev.smtptestkit.SmtpListener;
import dev.smtptestkit.SmtpReceiver;
import dev.smtptestkit.junit.SmtpServer.Scope;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A receiver that cannot stop fails the test that owned it: the store closes it after the test, and
 * the close failure is reported rather than swallowed (nothing is closed in {@code afterEach}).
 */
@Timeout(60)
class CloseFailureTest {

    static volatile CountDownLatch release = new CountDownLatch(0);
    static final Map<String, Integer> PORTS = new ConcurrentHashMap<>();

    /** Holds the session thread once its client has left, deaf to interrupts, until the test releases it. */
    static final class HangingListener implements SmtpListener {
        @Override
        public void clientDisconnected(SmtpEvent.ClientDisconnected event) {
            boolean interrupted = false;
            while (true) {
                try {
                    release.await(30, TimeUnit.SECONDS); // bounded: the thread ends even if a test forgets
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Tag("fixture")
    static class HangingSessionCase {
        @RegisterExtension
        static SmtpServerExtension smtp = SmtpServerExtension.builder().scope(Scope.PER_TEST)
                .receiver(r -> r.listener(new HangingListener()))
                .build();

        @Test
        void sendsAndPasses(SmtpReceiver receiver) {
            PORTS.put("hanging", receiver.port());
            TestMail.send(receiver, "someone@example.com", "Hello");
        }
    }

    @Test
    void aReceiverWhoseSessionThreadDoesNotStopFailsTheTest() {
        release = new CountDownLatch(1);
        PORTS.clear();
        try {
            Throwable failure = Fixtures.singleTestFailure(
                    Fixtures.run(HangingSessionCase.class, TestInstance.Lifecycle.PER_METHOD));

            // JUnit 5.14 wraps it in "Failed to close extension context"; what matters is what it says.
            Throwable cause = failure;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            assertThat(cause).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("SMTP receiver on 127.0.0.1:" + PORTS.get("hanging")
                            + " could not stop these threads: [");
        } finally {
            release.countDown();
        }
    }
}
