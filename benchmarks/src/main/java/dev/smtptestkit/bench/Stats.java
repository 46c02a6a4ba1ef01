package dev.smtptestkit.bench;

import java.util.Arrays;
import java.util.List;

/** Median and spread of a small sample. */
final class Stats {

    private Stats() {
    }

    static double median(List<Double> values) {
        double[] sorted = sorted(values);
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    static double min(List<Double> values) {
        double[] s = sorted(values);
        return s.length == 0 ? Double.NaN : s[0];
    }

    static double max(List<Double> values) {
        double[] s = sorted(values);
        return s.length == 0 ? Double.NaN : s[s.length - 1];
    }

    private static double[] sorted(List<Double> values) {
        double[] a = values.stream().filter(v -> !Double.isNaN(v)).mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a;
    }

    /** Median of nanosecond samples, in milliseconds. */
    static double medianMillis(long[] nanos) {
        long[] copy = nanos.clone();
        Arrays.sort(copy);
        int mid = copy.length / 2;
        double m = copy.length % 2 == 1 ? copy[mid] : (copy[mid - 1] + copy[mid]) / 2.0;
        return m / 1e6;
    }
}
