package io.akasha.bench.ann;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What one system is asked to do in one ANN run: the contract between the runner and every
 * worker process, whatever its language. Written as {@code key=value} lines (a Java properties
 * file with no escapes in practice), so a C++ or Python worker parses it in a few lines:
 *
 * <pre>
 * system=akasha                   who runs it (for reports)
 * base=/cache/glove100/base.fvecs     plain .fvecs, float32; cosine data arrives normalized
 * queries=/cache/glove100/queries.fvecs   already shuffled with the run's seed
 * metric=l2 | ip
 * k=10
 * threads=2                       for the multi-threaded QPS measurement (and the build)
 * build.M=16 ...                  build parameters, system-specific names after "build."
 * sweep=10,20,40                  search-parameter values, in order; empty for one default point
 * repetitions=3
 * warmup_seconds=2                before the sweep, every point is run untimed for half this (so JIT-compiled
 *                                 systems are measured compiled from the first point on); then each point
 *                                 gets this long untimed right before it is timed
 * measure_seconds=0.5             a timed measurement repeats whole passes over the queries until this long
 * output=/cache/runs/.../akasha   where the worker writes its results
 * </pre>
 *
 * The worker writes into {@code output}: {@code build.txt} ({@code key=value}: build_seconds,
 * index_bytes, rss_kb, peak_rss_kb), {@code ids-<point>.ivecs} (the ids each query returned, k
 * per row, from the first pass of the first repetition), {@code times-<point>.txt} (the search time
 * of each query in that same pass, microseconds, one per line), and {@code timings.csv} with the header
 * {@code point,repetition,qps_single,qps_threads,p50_us,p95_us,p99_us,p999_us}, one row per sweep
 * point and repetition. The point of the default sweep is named {@code default}. For progress, the
 * worker prints {@code akasha-progress built} to standard output when its index is built and
 * {@code akasha-progress point <point>} when a point is measured.
 */
public record AnnJob(String system, Path base, Path queries, String metric, int k, int threads,
                     Map<String, String> build, List<String> sweep, int repetitions, double warmupSeconds,
                     double measureSeconds, Path output) {

    public AnnJob {
        if (!metric.equals("l2") && !metric.equals("ip")) {
            throw new IllegalArgumentException("metric must be l2 or ip (cosine data is normalized and run as ip), got "
                    + metric);
        }
        if (k <= 0 || threads <= 0 || repetitions <= 0) {
            throw new IllegalArgumentException("k, threads and repetitions must be positive: " + k + ", " + threads
                    + ", " + repetitions);
        }
        build = Map.copyOf(build);
        sweep = List.copyOf(sweep);
    }

    /** The sweep points, or the single point {@code default} when the sweep is empty. */
    public List<String> points() {
        return sweep.isEmpty() ? List.of("default") : sweep;
    }

    public void write(Path file) throws IOException {
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("system", system);
        lines.put("base", base.toString());
        lines.put("queries", queries.toString());
        lines.put("metric", metric);
        lines.put("k", Integer.toString(k));
        lines.put("threads", Integer.toString(threads));
        new TreeMap<>(build).forEach((key, value) -> lines.put("build." + key, value));
        lines.put("sweep", String.join(",", sweep));
        lines.put("repetitions", Integer.toString(repetitions));
        lines.put("warmup_seconds", Double.toString(warmupSeconds));
        lines.put("measure_seconds", Double.toString(measureSeconds));
        lines.put("output", output.toString());
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (var line : lines.entrySet()) {
                out.write(line.getKey() + "=" + line.getValue() + "\n");
            }
        }
    }

    public static AnnJob read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        Map<String, String> build = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            if (name.startsWith("build.")) {
                build.put(name.substring("build.".length()), properties.getProperty(name));
            }
        }
        String sweep = required(properties, file, "sweep");
        List<String> points = sweep.isBlank() ? List.of() : new ArrayList<>(Arrays.asList(sweep.split(",")));
        return new AnnJob(required(properties, file, "system"), Path.of(required(properties, file, "base")),
                Path.of(required(properties, file, "queries")), required(properties, file, "metric"),
                Integer.parseInt(required(properties, file, "k")),
                Integer.parseInt(required(properties, file, "threads")), build, points,
                Integer.parseInt(required(properties, file, "repetitions")),
                Double.parseDouble(required(properties, file, "warmup_seconds")),
                Double.parseDouble(required(properties, file, "measure_seconds")),
                Path.of(required(properties, file, "output")));
    }

    private static String required(Properties properties, Path file, String key) {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException(file + ": missing '" + key + "'");
        }
        return value;
    }
}
