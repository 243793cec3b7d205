package io.akasha.bench.ann;

import java.util.List;
import java.util.Locale;

/** The comparison table printed at the end of a run. */
final class AnnReport {

    private AnnReport() {
    }

    /** The system every ratio is taken against by default, when it was measured. */
    static final String DEFAULT_ANCHOR = "hnswlib";

    /** The table; ratios are QPS@0.95 over {@code anchorSystem}'s in the same round, when it was measured. */
    static String table(String dataset, int k, int threads, String anchorSystem,
                        List<AnnRunCommand.SystemResult> results) {
        List<List<CurvePoint>> anchor = results.stream()
                .filter(r -> r.system().equals(anchorSystem) && r.failure() == null)
                .map(AnnRunCommand.SystemResult::rounds).findFirst().orElse(null);
        int rounds = results.stream().mapToInt(r -> r.rounds().size()).max().orElse(0);
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "%n%s, recall@%d, QPS: one query per call on 1 thread, linear between "
                + "bracketing points; medians of %d round(s)%s%n", dataset, k, rounds,
                anchor == null ? "" : "; ratio = QPS@0.95 / " + anchorSystem + "'s, within each round"));
        table.append(String.format(Locale.ROOT, "%-12s %-32s %8s %8s %9s %10s %10s %10s %8s %9s %7s%n", "system",
                "build", "build s", "peak MB", "index MB", "QPS@0.90", "QPS@0.95", "QPS@0.99", "recall",
                "QPS " + threads + "t", "ratio"));
        for (AnnRunCommand.SystemResult result : results) {
            if (result.failure() != null) {
                table.append(String.format(Locale.ROOT, "%-12s %s%n", result.system(), result.failure()));
                continue;
            }
            List<CurvePoint> curve = result.curve();
            double bestRecall = curve.stream().mapToDouble(CurvePoint::recall).max().orElse(Double.NaN);
            double bestThreads = curve.stream().mapToDouble(CurvePoint::qpsThreads).max().orElse(Double.NaN);
            double ratio = anchor == null ? Double.NaN
                    : RoundMedians.ratioAt(result.rounds(), anchor, AnnRunCommand.RECALL_LEVELS[1]);
            table.append(String.format(Locale.ROOT, "%-12s %-32s %8.2f %8.1f %9.1f %10s %10s %10s %8.4f %9.0f %7s%n",
                    result.system(), parameters(result.build()), result.buildMedian("build_seconds"),
                    result.buildMedian("peak_rss_kb") / 1024, result.buildMedian("index_bytes") / 1e6,
                    qps(result, AnnRunCommand.RECALL_LEVELS[0]), qps(result, AnnRunCommand.RECALL_LEVELS[1]),
                    qps(result, AnnRunCommand.RECALL_LEVELS[2]), bestRecall, bestThreads,
                    Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2f", ratio)));
        }
        return table.toString();
    }

    /** Build parameters as "key=value" pairs in a stable order. */
    private static String parameters(java.util.Map<String, String> build) {
        return new java.util.TreeMap<>(build).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(java.util.stream.Collectors.joining(" "));
    }

    private static String qps(AnnRunCommand.SystemResult result, double level) {
        double qps = RoundMedians.qpsAt(result.rounds(), level);
        return Double.isNaN(qps) ? "not reached" : String.format(Locale.ROOT, "%.0f", qps);
    }

}
