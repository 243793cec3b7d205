package io.akasha.bench.ann;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;

/**
 * The measuring half of a JVM worker, the same for every system searched from Java: warm-up, a
 * single-thread loop over all queries (one query per call, each timed into a histogram), a
 * multi-threaded pass for throughput, repeated; results written in the {@link AnnJob} layout.
 */
public final class SearchMeasurement {

    /** One search call of the system under test: the ids of the top {@code k}, best first. */
    @FunctionalInterface
    public interface Searcher {
        int[] search(float[] query, int k);
    }

    /** Applies a sweep point (for example sets {@code ef}) before it is measured. */
    @FunctionalInterface
    public interface PointSetter {
        void apply(String point);
    }

    private SearchMeasurement() {
    }

    /** Measures every sweep point of {@code job} and writes ids and timings to its output folder. */
    public static void run(AnnJob job, float[][] queries, PointSetter setter, Searcher searcher) throws IOException {
        Files.createDirectories(job.output());
        progress("built");
        // Every point once, untimed, before anything is timed: the JIT compiles the search path
        // before the first point is measured, not during it.
        for (String point : job.points()) {
            setter.apply(point);
            warmUp(queries, job.k(), searcher, job.warmupSeconds() / 2);
        }
        List<String> rows = new ArrayList<>();
        for (String point : job.points()) {
            setter.apply(point);
            warmUp(queries, job.k(), searcher, job.warmupSeconds());
            int[][] ids = new int[queries.length][];
            double[] firstPassMicros = new double[queries.length];
            for (int repetition = 0; repetition < job.repetitions(); repetition++) {
                Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
                long start = System.nanoTime();
                long minimum = (long) (job.measureSeconds() * 1e9);
                int passes = 0;
                do {
                    for (int q = 0; q < queries.length; q++) {
                        long t = System.nanoTime();
                        int[] found = searcher.search(queries[q], job.k());
                        long elapsed = System.nanoTime() - t;
                        latency.recordValue(elapsed);
                        if (repetition == 0 && passes == 0) {
                            ids[q] = found;
                            firstPassMicros[q] = elapsed / 1e3;
                        }
                    }
                    passes++;
                } while (System.nanoTime() - start < minimum);
                double qpsSingle = (double) passes * queries.length / ((System.nanoTime() - start) / 1e9);
                double qpsThreads = threaded(queries, job.k(), job.threads(), job.measureSeconds(), searcher);
                rows.add(String.join(",", point, Integer.toString(repetition), fmt(qpsSingle), fmt(qpsThreads),
                        micros(latency, 50), micros(latency, 95), micros(latency, 99), micros(latency, 99.9)));
            }
            io.akasha.core.dataset.XvecsWriter.writeIntVectors(job.output().resolve("ids-" + point + ".ivecs"), ids);
            Files.write(job.output().resolve("times-" + point + ".txt"),
                    java.util.Arrays.stream(firstPassMicros).mapToObj(SearchMeasurement::fmt).toList());
            progress("point " + point);
        }
        try (Writer out = Files.newBufferedWriter(job.output().resolve("timings.csv"), StandardCharsets.UTF_8)) {
            out.write(WorkerFiles.TIMINGS_HEADER + "\n");
            for (String row : rows) {
                out.write(row + "\n");
            }
        }
    }

    /** One progress line for the runner (see {@link AnnJob}). */
    private static void progress(String event) {
        System.out.println(WorkerProgress.PREFIX + event);
        System.out.flush();
    }

    private static void warmUp(float[][] queries, int k, Searcher searcher, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        int q = 0;
        do {
            searcher.search(queries[q], k);
            q = (q + 1) % queries.length;
        } while (System.nanoTime() < end);
    }

    /**
     * Throughput with {@code threads} threads taking queries round-robin from a shared counter until
     * at least one full pass and {@code seconds} are done; every completed search is counted.
     */
    private static double threaded(float[][] queries, int k, int threads, double seconds, Searcher searcher) {
        AtomicLong next = new AtomicLong();
        AtomicLong done = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        long minimum = (long) (seconds * 1e9);
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofPlatform().start(() -> {
                for (long n; (n = next.getAndIncrement()) < queries.length || System.nanoTime() - start < minimum; ) {
                    searcher.search(queries[(int) (n % queries.length)], k);
                    done.incrementAndGet();
                }
            }));
        }
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while measuring", e);
            }
        }
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    private static String micros(Histogram latency, double percentile) {
        return fmt(latency.getValueAtPercentile(percentile) / 1e3);
    }

    private static String fmt(double value) {
        return String.format(java.util.Locale.ROOT, "%.3f", value);
    }
}
