package io.akasha.bench.ann;

import java.util.List;
import java.util.Locale;

/** The comparison table printed at the end of a run. */
final class AnnReport {

    private AnnReport() {
    }

    static String table(String dataset, int k, int threads, List<AnnRunCommand.SystemResult> results) {
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "%n%s, recall@%d, QPS: one query per call on 1 thread "
                + "(linear between bracketing points)%n", dataset, k));
        table.append(String.format(Locale.ROOT, "%-12s %-30s %8s %9s %9s %10s %10s %10s %8s %10s%n", "system",
                "build", "build s", "peak MB", "index MB", "QPS@0.90", "QPS@0.95", "QPS@0.99", "recall", "QPS " + threads + "t"));
        for (AnnRunCommand.SystemResult result : results) {
            if (result.failure() != null) {
                table.append(String.format(Locale.ROOT, "%-12s %s%n", result.system(), result.failure()));
                continue;
            }
            double bestRecall = result.curve().stream().mapToDouble(CurvePoint::recall).max().orElse(Double.NaN);
            double bestThreads = result.curve().stream().mapToDouble(CurvePoint::qpsThreads).max().orElse(Double.NaN);
            table.append(String.format(Locale.ROOT, "%-12s %-30s %8.2f %9.1f %9.1f %10s %10s %10s %8.4f %10.0f%n",
                    result.system(), parameters(result.build()), number(result.buildReport(), "build_seconds"),
                    number(result.buildReport(), "peak_rss_kb") / 1024, number(result.buildReport(), "index_bytes") / 1e6,
                    qps(result, AnnRunCommand.RECALL_LEVELS[0]), qps(result, AnnRunCommand.RECALL_LEVELS[1]),
                    qps(result, AnnRunCommand.RECALL_LEVELS[2]), bestRecall, bestThreads));
        }
        return table.toString();
    }

    /** Build parameters as "key=value" pairs in a stable order. */
    private static String parameters(java.util.Map<String, String> build) {
        return new java.util.TreeMap<>(build).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(java.util.stream.Collectors.joining(" "));
    }

    private static String qps(AnnRunCommand.SystemResult result, double level) {
        double qps = RecallQps.at(result.curve(), level);
        return Double.isNaN(qps) ? "not reached" : String.format(Locale.ROOT, "%.0f", qps);
    }

    private static double number(java.util.Map<String, String> values, String key) {
        String value = values.get(key);
        return value == null ? Double.NaN : Double.parseDouble(value);
    }
}
