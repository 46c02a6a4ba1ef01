package dev.smtptestkit.bench.jmh;

import dev.smtptestkit.bench.Contender;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scenario 1 under JMH: start + close of a fresh receiver on an ephemeral port, and start + one
 * 1 KiB message over a new connection + close, per contender. JMH runs contenders one after the
 * other (not interleaved); the harness's lifecycle scenario is the interleaved counterpart.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LifecycleBenchmark {

    /** The contender, by enum name. */
    @Param({"RAW_SINK", "SMTP_TESTKIT", "GREENMAIL", "WISER", "DUMBSTER"})
    public String contender;

    /** Start and close. */
    @Benchmark
    public int startClose() {
        try (Contender.Running running = Contender.valueOf(contender).start(Contender.Options.DEFAULTS)) {
            return running.port();
        }
    }

    /** Start, one 1 KiB message over a new connection, close. */
    @Benchmark
    public long startSendClose() throws Exception {
        return Contender.oneMessage(Contender.valueOf(contender));
    }
}
