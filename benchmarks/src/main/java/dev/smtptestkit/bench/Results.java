package dev.smtptestkit.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything measured: one {@link Metric} per table row group, one value per contender per
 * interleaved round, and the ratio to the raw sink computed within each round.
 */
final class Results {

    /**
     * One measured quantity of one scenario.
     *
     * @param scenario       the scenario
     * @param name           what is measured, e.g. "1 KiB, K=8, reused"
     * @param unit           e.g. "ms", "msg/s"
     * @param higherIsBetter true for rates
     * @param chartLabel     the bar group in the chart, or null to leave it out
     * @param ratioed        whether a ratio to the raw sink means anything (not for counts)
     */
    record Metric(String scenario, String name, String unit, boolean higherIsBetter, String chartLabel,
                  boolean ratioed, Map<Contender, List<Double>> values, Map<Contender, List<Double>> ratios,
                  Map<Contender, String> notes, Map<Contender, Gc.Snapshot> gc) {
        Metric(String scenario, String name, String unit, boolean higherIsBetter, String chartLabel, boolean ratioed) {
            this(scenario, name, unit, higherIsBetter, chartLabel, ratioed, new EnumMap<>(Contender.class),
                    new EnumMap<>(Contender.class), new EnumMap<>(Contender.class), new EnumMap<>(Contender.class));
        }

        /** Adds the collections one measurement of a contender caused (summed over its rounds). */
        void gc(Contender contender, Gc.Snapshot during) {
            gc.merge(contender, during, Gc.Snapshot::plus);
        }

        /** The notes column: what was noted, then the collections inside the timed rounds. */
        String notesOf(Contender contender) {
            String note = notes.getOrDefault(contender, "");
            Gc.Snapshot g = gc.get(contender);
            if (g == null || g.count() == 0) {
                return note;
            }
            String collections = String.format(Locale.ROOT, "GC in its rounds: %d pauses, %d ms", g.count(), g.millis());
            return note.isEmpty() ? collections : note + "; " + collections;
        }

        /** Adds one round: a value per contender (NaN when it failed); ratios are taken within the round. */
        void round(Map<Contender, Double> round) {
            Double raw = round.get(Contender.RAW_SINK);
            for (Map.Entry<Contender, Double> e : round.entrySet()) {
                values.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
                double ratio = raw == null || raw.isNaN() || e.getValue().isNaN() ? Double.NaN : e.getValue() / raw;
                ratios.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(ratio);
            }
        }

        void note(Contender contender, String note) {
            notes.merge(contender, note, (a, b) -> a.contains(b) ? a : a + "; " + b);
        }

        /** How many times slower than the raw sink (1 = as fast, higher is worse), for the chart. */
        double slowdown(Contender c) {
            double r = Stats.median(ratios.getOrDefault(c, List.of()));
            return higherIsBetter ? 1 / r : r;
        }
    }

    private final Map<String, Metric> metrics = new LinkedHashMap<>();
    private final List<String> remarks = new ArrayList<>();

    Metric metric(String scenario, String name, String unit, boolean higherIsBetter, String chartLabel) {
        return metrics.computeIfAbsent(scenario + "/" + name,
                k -> new Metric(scenario, name, unit, higherIsBetter, chartLabel, true));
    }

    /** A metric reported as is, without a ratio to the raw sink (counts, memory). */
    Metric plain(String scenario, String name, String unit) {
        return metrics.computeIfAbsent(scenario + "/" + name,
                k -> new Metric(scenario, name, unit, false, null, false));
    }

    void remark(String text) {
        remarks.add(text);
    }

    List<Metric> metrics() {
        return List.copyOf(metrics.values());
    }

    /** Writes the Markdown tables. */
    void writeMarkdown(Path file, String header, List<Contender> contenders) throws IOException {
        StringBuilder md = new StringBuilder(header);
        String scenario = null;
        for (Metric m : metrics.values()) {
            if (!m.scenario().equals(scenario)) {
                scenario = m.scenario();
                md.append("\n## ").append(scenario).append("\n\n");
                md.append("| measurement | contender | median | spread (min - max) | ratio to raw sink, median | ratio spread | rounds | notes |\n");
                md.append("|---|---|---:|---:|---:|---:|---:|---|\n");
            }
            for (Contender c : contenders) {
                List<Double> v = m.values().get(c);
                if (v == null) {
                    continue;
                }
                List<Double> r = m.ratios().getOrDefault(c, List.of());
                md.append("| ").append(m.name()).append(" (").append(m.unit()).append(") | ").append(c.label())
                        .append(" | ").append(num(Stats.median(v)))
                        .append(" | ").append(num(Stats.min(v))).append(" - ").append(num(Stats.max(v)))
                        .append(" | ").append(!m.ratioed() ? "-" : c == Contender.RAW_SINK ? "1" : ratio(Stats.median(r)))
                        .append(" | ").append(!m.ratioed() || c == Contender.RAW_SINK ? "" : ratio(Stats.min(r)) + " - " + ratio(Stats.max(r)))
                        .append(" | ").append(v.stream().filter(x -> !x.isNaN()).count()).append('/').append(v.size())
                        .append(" | ").append(m.notesOf(c)).append(" |\n");
            }
        }
        if (!remarks.isEmpty()) {
            md.append("\n## Remarks\n\n");
            for (String r : remarks) {
                md.append("- ").append(r).append('\n');
            }
        }
        Files.writeString(file, md.toString(), StandardCharsets.UTF_8);
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (Math.abs(v) >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static String ratio(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2fx", v);
    }
}
