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
import java.util.concurrent.atomic.AtomicInteger;
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
 * Eight tests (repetitions) of one class run concurrently, each with its own receiver: none sends
 * before at least two are inside a test at once (so they provably overlap), then each checks it
 * received exactly its own mail and nothing of the others'. JUnit does not promise to run all
 * eight at once (its fork-join pool may start fewer workers than the parallelism it is given: a
 * CI run saw four, and the other four tests waited behind the four blocked ones), so requiring
 * all eight inside together made this test fail for JUnit's scheduling, not for ours.
 */
@Timeout(120)
class ParallelExecutionTest {

    static final int TESTS = 8;
    static final int OVERLAP = 2;
    static volatile CountDownLatch overlapping = new CountDownLatch(OVERLAP);
    static final AtomicInteger INSIDE = new AtomicInteger();
    static final AtomicInteger MOST_INSIDE = new AtomicInteger();
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
            MOST_INSIDE.accumulateAndGet(INSIDE.incrementAndGet(), Math::max);
            try {
                overlapping.countDown();
                // Two inside a test at once before any sends: proves they run concurrently.
                assertThat(overlapping.await(30, TimeUnit.SECONDS))
                        .as("%d tests running at once; threads %s", OVERLAP, THREADS).isTrue();

                for (int i = 0; i < 3; i++) {
                    TestMail.send(receiver, me + "@example.com", me + " #" + i);
                }
            } finally {
                INSIDE.decrementAndGet();
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
        overlapping = new CountDownLatch(OVERLAP);
        INSIDE.set(0);
        MOST_INSIDE.set(0);
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

        assertThat(overlapping.getCount()).isZero();
        assertThat(MOST_INSIDE.get()).as("tests inside at once, at most").isGreaterThanOrEqualTo(OVERLAP);
        assertThat(PORT_BY_TEST).hasSize(TESTS);
        assertThat(Set.copyOf(PORT_BY_TEST.values())).hasSize(TESTS);
        assertThat(THREADS).as("threads that ran the tests").hasSizeGreaterThanOrEqualTo(OVERLAP);
    }
}
