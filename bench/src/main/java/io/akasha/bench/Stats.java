package io.akasha.bench;

import java.util.Arrays;

/** Order statistics for benchmark reports: medians with their spread. NaN values are ignored. */
public final class Stats {

    private Stats() {
    }

    /** The median of the values that are not NaN; NaN when there are none. */
    public static double median(double[] values) {
        double[] present = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (present.length == 0) {
            return Double.NaN;
        }
        int m = present.length / 2;
        return present.length % 2 == 1 ? present[m] : (present[m - 1] + present[m]) / 2;
    }

    public static double min(double[] values) {
        return Arrays.stream(values).filter(v -> !Double.isNaN(v)).min().orElse(Double.NaN);
    }

    public static double max(double[] values) {
        return Arrays.stream(values).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
    }
}
