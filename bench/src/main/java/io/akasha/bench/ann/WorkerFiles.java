package io.akasha.bench.ann;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.akasha.bench.Stats;
import io.akasha.core.dataset.XvecsReader;
import io.akasha.core.search.Recall;

/**
 * Reads and writes the files of a worker's output folder (see {@link AnnJob} for the layout), and
 * turns them into curve points: recall is computed here, from the ids, the same way for every system.
 */
public final class WorkerFiles {

    static final String TIMINGS_HEADER = "point,repetition,qps_single,qps_threads,p50_us,p95_us,p99_us,p999_us";

    private WorkerFiles() {
    }

    /** What the worker reported about its build. */
    public static Map<String, String> readBuild(Path output) throws IOException {
        Map<String, String> values = new HashMap<>();
        for (String line : Files.readAllLines(output.resolve("build.txt"), StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return values;
    }

    /**
     * The curve of one worker: per sweep point (in the order measured), recall@k of its ids against
     * {@code truth} and the medians of its timings.
     */
    public static List<CurvePoint> readCurve(Path output, int[][] truth, int k) throws IOException {
        List<String> lines = Files.readAllLines(output.resolve("timings.csv"), StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.getFirst().equals(TIMINGS_HEADER)) {
            throw new IOException(output.resolve("timings.csv") + ": expected the header '" + TIMINGS_HEADER + "'");
        }
        Map<String, List<double[]>> byPoint = new java.util.LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",");
            if (cells.length != 8) {
                throw new IOException(output.resolve("timings.csv") + ": expected 8 columns in '" + line + "'");
            }
            double[] values = Arrays.stream(cells, 2, 8).mapToDouble(Double::parseDouble).toArray();
            byPoint.computeIfAbsent(cells[0], p -> new ArrayList<>()).add(values);
        }
        List<CurvePoint> curve = new ArrayList<>();
        for (var entry : byPoint.entrySet()) {
            int[][] ids = XvecsReader.readIntVectors(output.resolve("ids-" + entry.getKey() + ".ivecs"));
            if (ids.length != truth.length) {
                throw new IOException(output + ": point " + entry.getKey() + " returned " + ids.length
                        + " rows of ids for " + truth.length + " queries");
            }
            List<double[]> reps = entry.getValue();
            curve.add(new CurvePoint(entry.getKey(), Recall.atK(ids, truth, k), median(reps, 0), min(reps, 0),
                    max(reps, 0), median(reps, 1), median(reps, 2), median(reps, 3), median(reps, 4), median(reps, 5)));
        }
        return curve;
    }

    private static double median(List<double[]> rows, int column) {
        return Stats.median(column(rows, column));
    }

    private static double min(List<double[]> rows, int column) {
        return Stats.min(column(rows, column));
    }

    private static double max(List<double[]> rows, int column) {
        return Stats.max(column(rows, column));
    }

    private static double[] column(List<double[]> rows, int column) {
        return rows.stream().mapToDouble(r -> r[column]).toArray();
    }
}
