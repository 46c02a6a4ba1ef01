package dev.smtptestkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.Mailbox;
import dev.smtptestkit.ReceivedEmail;
import dev.smtptestkit.SmtpReceiver;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Eight tests (repetitions) of one class run at the same time, each with its own receiver: all of them wait on
 * one latch before sending (so they provably overlap), then each checks it received exactly its
 * own mail and nothing of the others'.
 */
@Timeout(120)
class ParallelExecutionTest {

    static final int TESTS = 8;
    static volatile CountDownLatch allStarted = new CountDownLatch(TESTS);
    static final Map<String, Integer> PORT_BY_TEST = new ConcurrentHashMap<>();
    static final Set<String> THREADS = ConcurrentHashMap.newKeySet();

    @Tag("fixture")
    @SmtpServer
    @Execution(ExecutionMode.CONCURRENT) // needed for PER_CLASS instances, whose methods JUnit otherwise runs serially
    static class ConcurrentCase {

        @RepeatedTest(TESTS)
        void sendsAndSeesOnlyItsOwnMail(SmtpReceiver receiver, Mailbox mailbox, RepetitionInfo repetition)
                throws InterruptedException {
            String me = "test" + repetition.getCurrentRepetition();
            PORT_BY_TEST.put(me, receiver.port());
            THREADS.add(Thread.currentThread().getName());
            allStarted.countDown();
            // All eight must be inside a test at once: proves they run concurrently.
            assertThat(allStarted.await(30, TimeUnit.SECONDS))
                    .as("all %d tests running at once; threads %s", TESTS, THREADS).isTrue();

            for (int i = 0; i < 3; i++) {
                TestMail.send(receiver, me + "@example.com", me + " #" + i);
            }

            assertThat(mailbox.emails()).hasSize(3)
                    .extracting(ReceivedEmail::subject).containsExactly(me + " #0", me + " #1", me + " #2");
            assertThat(mailbox.emails()).allSatisfy(e ->
                    assertThat(e.envelope().recipients()).containsExactly(me + "@example.com"));
            assertThat(mailbox.transcripts()).hasSize(3);
        }
    }

    @ParameterizedTest
    @EnumSource(TestInstance.Lifecycle.class)
    void eightConcurrentTestsEachSeeOnlyTheirOwnMail(TestInstance.Lifecycle lifecycle) {
        allStarted = new CountDownLatch(TESTS);
        PORT_BY_TEST.clear();
        THREADS.clear();

        Fixtures.assertPassed(Fixtures.run(ConcurrentCase.class, lifecycle, Map.of(
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                // Two more workers than tests: the class and the repeated-test containers may each hold one
                // while they wait for their children (JUnit 6 does; 5.14 lends the waiting worker out).
                "junit.jupiter.execution.parallel.config.fixed.parallelism", String.valueOf(TESTS + 2),
                "junit.jupiter.execution.parallel.config.fixed.max-pool-size", String.valueOf(TESTS * 2))), TESTS);

        assertThat(allStarted.getCount()).isZero();
        assertThat(PORT_BY_TEST).hasSize(TESTS);
        assertThat(Set.copyOf(PORT_BY_TEST.values())).hasSize(TESTS);
        assertThat(THREADS).hasSize(TESTS);
    }
}
