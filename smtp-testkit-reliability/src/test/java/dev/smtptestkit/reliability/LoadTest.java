package dev.smtptestkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtptestkit.reliability.LoadRun.Shape;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Nothing lost, nothing altered: 64 clients at once, 10,240 messages in all across the three
 * connection shapes, each checked byte for byte. {@code -Dload.seed=N} replays a run;
 * {@code -Dsoak.minutes=N} runs rounds for N minutes and prints a summary line.
 */
class LoadTest {

    static final int CLIENTS = 64;

    private static long seed() {
        long seed = Long.getLong("load.seed", System.nanoTime());
        System.out.println("LoadTest seed " + seed + " (replay with -Dload.seed=" + seed + ")");
        return seed;
    }

    /** Connections per client in the CI run: 40 one-message connections, or one connection with 60 messages. */
    static int perClient(Shape shape) {
        return shape == Shape.ONE_PER_CONNECTION ? 40 : 60;
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void nothingLostNothingAltered(Shape shape) throws Exception {
        LoadRun.Outcome outcome = new LoadRun(seed(), shape, CLIENTS, perClient(shape)).run();
        System.out.printf("LoadTest %s: %d messages, %.1f MiB, %d sessions, all byte-exact%n",
                shape, outcome.messages(), outcome.octets() / 1048576.0, outcome.sessions());
        assertThat(outcome.messages()).isEqualTo(CLIENTS * perClient(shape));
    }

    /** Soak mode: {@code -Dsoak.minutes=5}; rounds of every shape until the time is up. */
    @Test
    @EnabledIfSystemProperty(named = "soak.minutes", matches = "[1-9][0-9]*")
    void soak() throws Exception {
        long minutes = Long.parseLong(System.getProperty("soak.minutes"));
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
        long start = System.nanoTime();
        long seed = seed();
        int rounds = 0;
        long messages = 0;
        long octets = 0;
        long retained = 0;
        while (System.nanoTime() < end) {
            Shape shape = Shape.values()[rounds % Shape.values().length];
            LoadRun.Outcome outcome = new LoadRun(seed + rounds, shape, CLIENTS, perClient(shape)).run();
            rounds++;
            messages += outcome.messages();
            octets += outcome.octets();
            retained = Math.max(retained, Heap.usedAfterGc()); // the round's receiver is closed: a leak would show
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("SOAK SUMMARY: %.1f min, %d rounds, %d messages (%.1f MiB), %.0f messages/s, "
                        + "0 lost, 0 duplicated, 0 altered (each round verified), max heap retained after a round %d MiB, seed %d%n",
                seconds / 60, rounds, messages, octets / 1048576.0, messages / seconds, retained >> 20, seed);
        assertThat(rounds).isPositive();
    }
}
