package io.akasha.bench.ann;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.akasha.core.dataset.Dataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./akasha bench run}: measures one or more systems on one data set, each in its own
 * worker process, and reports build time, memory, and QPS at fixed recall levels.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Measure systems on a data set: recall@k, QPS (1 and N threads), latency percentiles, "
                + "build time and memory; writes results.csv and results.json.")
public final class AnnRunCommand implements Callable<Integer> {

    static final double[] RECALL_LEVELS = {0.90, 0.95, 0.99};

    @Mixin
    io.akasha.bench.DatasetOptions source;

    @Option(names = "--systems", split = ",", defaultValue = "akasha-flat",
            description = "systems to measure (default: ${DEFAULT-VALUE}); known: akasha-flat, akasha-hnsw, "
                    + "akasha-hnsw-int8, akasha-hnsw-panama, akasha-hnsw-native, akasha-diskann, akasha-diskann-mapped, "
                    + "hnswlib, faiss-hnsw, faiss-flat, lucene, jvector, jvector-ondisk")
    List<String> systems;

    @Option(names = "--anchor", defaultValue = AnnReport.DEFAULT_ANCHOR,
            description = "the system ratios are taken against, round by round (default: ${DEFAULT-VALUE})")
    String anchor;

    @Option(names = "--rounds", defaultValue = "1",
            description = "independent runs of every system (fresh processes); figures are their medians "
                    + "(default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "-k", defaultValue = "10", description = "neighbours per query (default: ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--threads", defaultValue = "2", description = "threads for build and throughput (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--queries", defaultValue = "1000", description = "queries (the first N after shuffling) (default: ${DEFAULT-VALUE})")
    int queries;

    @Option(names = "--repetitions", defaultValue = "3", description = "repetitions per point; medians reported (default: ${DEFAULT-VALUE})")
    int repetitions;

    @Option(names = "--warmup", defaultValue = "2", description = "warm-up seconds per point (default: ${DEFAULT-VALUE})")
    double warmupSeconds;

    @Option(names = "--measure", defaultValue = "0.5",
            description = "minimum seconds per timed measurement, in whole passes over the queries (default: ${DEFAULT-VALUE})")
    double measureSeconds;

    @Option(names = "--seed", defaultValue = "42", description = "query shuffle seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--cache", description = "folder for prepared data (default: $AKASHA_BENCH_CACHE or <tmp>/akasha-bench)")
    Path cache;

    @Option(names = "--out", description = "folder for this run's results (default: bench/runs/<dataset>-<time>)")
    Path out;

    /**
     * One system's outcome over all rounds: per round its build report and curve, or why it has
     * none ("skipped: ..." or "failed: ...").
     */
    record SystemResult(String system, String description, Map<String, String> build,
                        List<Map<String, String>> buildReports, List<List<CurvePoint>> rounds, String failure) {

        /** The point-wise median curve over the rounds (points are the same sweep in every round). */
        @com.fasterxml.jackson.annotation.JsonProperty("curve")
        List<CurvePoint> curve() {
            return rounds.isEmpty() ? List.of() : RoundMedians.curve(rounds);
        }

        /** The median over rounds of a number in the build reports (NaN when absent). */
        double buildMedian(String key) {
            return io.akasha.bench.Stats.median(buildReports.stream()
                    .mapToDouble(r -> r.containsKey(key) ? Double.parseDouble(r.get(key)) : Double.NaN).toArray());
        }
    }

    @Override
    public Integer call() throws Exception {
        Map<String, AnnSystem> known = AnnSystem.known();
        for (String name : systems) {
            if (!known.containsKey(name)) {
                throw new IllegalArgumentException("unknown system '" + name + "'; known: " + known.keySet());
            }
            if (systems.indexOf(name) != systems.lastIndexOf(name)) {
                throw new IllegalArgumentException("system '" + name + "' is listed more than once");
            }
        }
        Path runDir = out != null ? out : Path.of("bench", "runs", source.dataset + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(runDir);
        PreparedData prepared;
        String distance;
        try (Dataset data = source.load(queries)) {
            distance = switch (data.similarity()) {
                case L2 -> "euclidean";
                case COSINE -> "angular";
                case IP -> "dot";
            };
            Path folder = cacheRoot().resolve(source.dataset + "-q" + data.queries().count() + "-s" + seed);
            System.out.printf("preparing %s (%,d x %d, %s, %,d queries) in %s%n", source.dataset, data.base().count(),
                    data.dim(), data.similarity(), data.queries().count(), folder);
            prepared = PreparedData.prepare(data, folder, seed, k, threads);
        }
        long steps = (long) rounds * systems.stream().mapToInt(name -> known.get(name).sweep().size() + 1 + (
                known.get(name).sweep().isEmpty() ? 1 : 0)).sum();
        Map<String, Rounds> measured = new LinkedHashMap<>();
        systems.forEach(name -> measured.put(name, new Rounds()));
        try (RunProgress progress = new RunProgress(steps)) {
            // Round-major, and each round starts with the next system: systems compared within a
            // round are measured minutes apart at most, and no system always goes first, so the
            // machine's drift falls on all of them alike.
            for (int round = 1; round <= rounds; round++) {
                for (int i = 0; i < systems.size(); i++) {
                    String name = systems.get((i + round - 1) % systems.size());
                    Rounds so = measured.get(name);
                    if (so.failure == null) {
                        measureRound(known.get(name), round, prepared, runDir, progress, so);
                    }
                }
            }
        }
        List<SystemResult> results = new ArrayList<>();
        for (String name : systems) {
            AnnSystem system = known.get(name);
            Rounds so = measured.get(name);
            results.add(so.failure != null
                    ? new SystemResult(name, system.description(), system.build(), List.of(), List.of(), so.failure)
                    : new SystemResult(name, system.description(), system.build(), so.reports, so.curves, null));
        }
        write(results, runDir);
        Map<String, Path> firstRounds = new LinkedHashMap<>();
        for (SystemResult result : results) {
            firstRounds.put(result.system(), (rounds == 1 ? runDir : runDir.resolve("round-1")).resolve(result.system()));
        }
        AnnBenchmarksExport.write(runDir.resolve("ann-benchmarks"), source.dataset, k, distance, prepared, results,
                firstRounds);
        RecallQpsPlot.write(runDir.resolve("recall-qps.png"), source.dataset + ", k=" + k + ", "
                + prepared.truth().length + " queries, 1 thread", k, results);
        System.out.println(AnnReport.table(source.dataset, k, threads, anchor, results));
        System.out.println("results: " + runDir.toAbsolutePath());
        // A skipped or failed system makes the run incomplete: not an acceptance run.
        return results.stream().allMatch(r -> r.failure() == null) ? 0 : 1;
    }

    /** What one system gave so far: a build report and curve per round, or why it stopped. */
    private static final class Rounds {
        final List<Map<String, String>> reports = new ArrayList<>();
        final List<List<CurvePoint>> curves = new ArrayList<>();
        String failure;
    }

    private void measureRound(AnnSystem system, int round, PreparedData data, Path runDir, RunProgress progress,
                              Rounds so) throws IOException, InterruptedException {
        Path roundDir = rounds == 1 ? runDir : runDir.resolve("round-" + round);
        Path output = roundDir.resolve(system.name());
        AnnJob job = new AnnJob(system.name(), data.base(), data.queries(), data.metric(), k, threads,
                system.build(), system.sweep(), repetitions, warmupSeconds, measureSeconds, output);
        Files.createDirectories(output);
        Path jobFile = roundDir.resolve(system.name() + ".job");
        job.write(jobFile);
        Path log = roundDir.resolve(system.name() + ".log");
        List<String> command;
        try {
            command = system.command(jobFile);
        } catch (SystemUnavailableException e) {
            System.out.printf("skipping %s: %s%n", system.name(), e.getMessage());
            so.failure = "skipped: " + e.getMessage();
            return;
        }
        System.out.printf("measuring %s, round %d of %d (%s), log: %s%n", system.name(), round, rounds,
                system.description(), log);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String step = system.name() + " round " + round + ": ";
        int exit = WorkerProgress.follow(process, log, event -> progress.step(step + event));
        if (exit != 0) {
            so.failure = "failed: worker exited with status " + exit + " (see " + log + ")";
            return;
        }
        so.reports.add(WorkerFiles.readBuild(output));
        so.curves.add(WorkerFiles.readCurve(output, data.truth(), k));
    }

    private void write(List<SystemResult> results, Path runDir) throws IOException {
        StringBuilder csv = new StringBuilder(
                "system,point,recall,qps,qps_min,qps_max,qps_threads,p50_us,p95_us,p99_us,p999_us\n");
        for (SystemResult result : results) {
            for (CurvePoint p : result.curve()) {
                csv.append(String.format(Locale.ROOT, "%s,%s,%.5f,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f%n",
                        result.system(), p.point(), p.recall(), p.qps(), p.qpsMin(), p.qpsMax(), p.qpsThreads(),
                        p.p50Micros(), p.p95Micros(), p.p99Micros(), p.p999Micros()));
            }
        }
        Files.writeString(runDir.resolve("results.csv"), csv);
        // The JSON keeps every round; the CSV and the table report the medians.
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("dataset", source.dataset);
        document.put("k", k);
        document.put("threads", threads);
        document.put("queries", queries);
        document.put("seed", seed);
        document.put("repetitions", repetitions);
        document.put("rounds", rounds);
        document.put("systems", results);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(runDir.resolve("results.json").toFile(), document);
    }

    private Path cacheRoot() {
        if (cache != null) {
            return cache;
        }
        String configured = System.getenv("AKASHA_BENCH_CACHE");
        return configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("java.io.tmpdir"), "akasha-bench");
    }
}
