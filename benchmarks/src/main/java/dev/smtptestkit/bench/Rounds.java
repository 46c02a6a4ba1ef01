package dev.smtptestkit.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Interleaving: every round runs every contender once, in an order rotated from round to round.
 * Each measurement starts on a collected heap, so that no contender pays for collecting another's
 * garbage; the collections a contender causes inside its own measurement are timed and counted
 * (shown in the notes column).
 */
final class Rounds {

    private Rounds() {
    }

    /** What one contender yields in one round; NaN when it failed. */
    @FunctionalInterface
    interface Measure {
        double run(Contender contender) throws Exception;
    }

    static List<Contender> order(List<Contender> contenders, int round) {
        List<Contender> order = new ArrayList<>(contenders);
        java.util.Collections.rotate(order, -(round % order.size()));
        return order;
    }

    /** Runs one round, catching each contender's failure as NaN plus a note on the metric. */
    static Map<Contender, Double> round(List<Contender> contenders, int round, Results.Metric metric, Measure measure) {
        Map<Contender, Double> values = new EnumMap<>(Contender.class);
        for (Contender c : order(contenders, round)) {
            double v;
            Gc.settle();
            Gc.Snapshot before = Gc.snapshot();
            long t0 = System.nanoTime();
            try {
                v = measure.run(c);
            } catch (Exception e) {
                v = Double.NaN;
                metric.note(c, "failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            metric.gc(c, Gc.snapshot().minus(before));
            values.put(c, v);
            System.out.printf(java.util.Locale.ROOT, "  %s round %d %-12s %s %s (%.1f s)%n", metric.scenario().substring(0, 2),
                    round + 1, c.label(), Results.num(v), metric.unit(), (System.nanoTime() - t0) / 1e9);
        }
        return values;
    }
}
