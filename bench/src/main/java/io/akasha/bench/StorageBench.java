package io.akasha.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.HdrHistogram.Histogram;

import io.akasha.core.Akasha;
import io.akasha.core.AkashaOptions;
import io.akasha.core.collection.Collection;
import io.akasha.core.collection.Hit;
import io.akasha.core.collection.SearchRequest;
import io.akasha.core.dataset.Dataset;
import io.akasha.core.schema.CollectionSchema;
import io.akasha.core.schema.Field;
import io.akasha.core.search.Recall;
import io.akasha.storage.DurableFiles;
import io.akasha.storage.PageCache;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The storage issue's two measurements on a real data directory.
 *
 * <ol>
 *   <li><b>Durable ingest</b>: writer threads insert batches (default 1,000 rows), each
 *       acknowledged after the fsync of the write-ahead log that covers it (group commit,
 *       per-batch policy). Reports the acknowledged rate; checks that a sample of rows is found
 *       by a search for its own vector right after its batch is acknowledged; then the time after
 *       the last acknowledgement until every row is in an index (flush: seal, build, checkpoint).
 *       With {@code --concurrent-search}, one thread searches meanwhile and its latency is
 *       reported next to the same queries run idle afterwards, with the GC in use (the searches
 *       take CPU from the writers, so the ingest rate is measured without them by default).</li>
 *   <li><b>Cold reopen</b>: closes the engine, evicts every file from the page cache
 *       ({@code posix_fadvise(DONTNEED)}: {@code /proc/sys/vm/drop_caches} needs a privilege
 *       containers lack), reopens, and reports the time from {@code Akasha.open} to the first
 *       correct search result, next to the indexing time, and the latency percentiles and
 *       recall of the first queries.</li>
 * </ol>
 */
@Command(name = "storage", mixinStandardHelpOptions = true,
        description = "Durable ingest rate and cold reopen time on a data directory.")
final class StorageBench implements Callable<Integer> {

    @Mixin
    DatasetOptions source;

    @Option(names = "--directory", defaultValue = "target/storage-bench",
            description = "data directory to create (deleted first; default: ${DEFAULT-VALUE})")
    Path directory;

    @Option(names = "--batch", defaultValue = "1000", description = "rows per insert call")
    int batch;

    @Option(names = "--writers", defaultValue = "2", description = "writer threads")
    int writers;

    @Option(names = "--queries", defaultValue = "1000", description = "queries after the reopen")
    int queries;

    @Option(names = "--ef", description = "ef of the searches after the reopen (default: the index's own)")
    Integer ef;

    @Option(names = "-k", defaultValue = "10", description = "neighbours per query")
    int k;

    @Option(names = "--concurrent-search", description = "also search on one thread during ingest and indexing, "
            + "and report that latency next to idle latency (the searches take CPU from the writers)")
    boolean concurrentSearch;

    @Option(names = "--index", defaultValue = "AUTOINDEX",
            description = "index type of the vector field (default: ${DEFAULT-VALUE}, the best on the class path)")
    String index;

    @Override
    public Integer call() throws Exception {
        DurableFiles.deleteRecursively(directory);
        try (Dataset data = source.load(queries)) {
            System.out.printf("%s: %,d rows x %d (%s), index %s; %d writers, batches of %,d rows; data directory %s%n",
                    source.dataset, data.base().count(), data.dim(), data.similarity(), index, writers, batch,
                    directory.toAbsolutePath());
            long indexedAfter = ingest(data);
            evictPageCache();
            reopen(data, indexedAfter);
        }
        return 0;
    }

    /** Phase 1; returns the nanoseconds from the first insert until everything was indexed and saved. */
    private long ingest(Dataset data) throws InterruptedException {
        int rows = data.base().count();
        try (Akasha akasha = Akasha.open(directory)) {
            Collection c = akasha.createCollection("bench", CollectionSchema.builder()
                    .field(Field.int64("id").asPrimaryKey())
                    .field(Field.floatVector("v", data.dim(), data.similarity())
                            .withIndex(io.akasha.core.schema.IndexSpec.of(index, Map.of())))
                    .build());
            AtomicInteger nextBatch = new AtomicInteger();
            AtomicLong checked = new AtomicLong();
            AtomicLong found = new AtomicLong();
            Histogram ackLatency = new Histogram(3);
            Histogram busySearch = new Histogram(3);
            java.util.concurrent.atomic.AtomicBoolean ingesting = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread searcher = Thread.ofPlatform().start(() -> {
                for (int q = 0; concurrentSearch && ingesting.get(); q++) {
                    timedSearch(c, data.queries().get(q % data.queries().count()), busySearch);
                }
            });
            long start = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int b = nextBatch.getAndIncrement(); (long) b * batch < rows; b = nextBatch.getAndIncrement()) {
                        int first = b * batch;
                        List<Map<String, Object>> chunk = new ArrayList<>(batch);
                        for (int i = first; i < Math.min(rows, first + batch); i++) {
                            chunk.add(Map.of("id", (long) i, "v", data.base().get(i)));
                        }
                        long t = System.nanoTime();
                        c.insert(chunk);
                        synchronized (ackLatency) {
                            ackLatency.recordValue((System.nanoTime() - t) / 1_000);
                        }
                        if (b % 10 == 0) {
                            // Searchable once acknowledged: a search restricted to the row by its key (so it
                            // costs one row, not a scan of everything not yet indexed) returns it.
                            checked.incrementAndGet();
                            List<Hit> hits = c.search(SearchRequest.builder().vector(data.base().get(first)).limit(1)
                                    .filter("id == " + first).build()).getFirst();
                            if (!hits.isEmpty() && hits.getFirst().id().equals((long) first)) {
                                found.incrementAndGet();
                            }
                        }
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }
            long acked = System.nanoTime();
            c.flush();
            long indexed = System.nanoTime();
            ingesting.set(false);
            searcher.join();
            Histogram idleSearch = new Histogram(3);
            for (int q = 0; q < busySearch.getTotalCount(); q++) {
                timedSearch(c, data.queries().get(q % data.queries().count()), idleSearch);
            }
            double ingestSeconds = (acked - start) / 1e9;
            System.out.printf("durable ingest: %,d rows acknowledged in %.2f s = %,.0f rows/s; insert call latency "
                            + "p50 %.1f ms, p99 %.1f ms; a search for a sampled row right after its acknowledgement found %d of %d%n",
                    rows, ingestSeconds, rows / ingestSeconds, ackLatency.getValueAtPercentile(50) / 1e3,
                    ackLatency.getValueAtPercentile(99) / 1e3, found.get(), checked.get());
            System.out.printf("indexing: every row indexed and saved %.2f s after the last acknowledgement; "
                            + "rows reached an index at %,.0f rows/s overall (%d sealed segments)%n",
                    (indexed - acked) / 1e9, rows / ((indexed - start) / 1e9), c.stats().sealedSegments());
            if (concurrentSearch) {
                System.out.printf("search (k %d, one thread) during ingest, sealing, indexing and compaction: %,d "
                                + "queries, p50 %.2f ms, p99 %.2f ms; idle afterwards, same queries: p50 %.2f ms, "
                                + "p99 %.2f ms (GC: %s, heap max %,d MB)%n", k, busySearch.getTotalCount(),
                        busySearch.getValueAtPercentile(50) / 1e3, busySearch.getValueAtPercentile(99) / 1e3,
                        idleSearch.getValueAtPercentile(50) / 1e3, idleSearch.getValueAtPercentile(99) / 1e3,
                        java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                                .map(java.lang.management.GarbageCollectorMXBean::getName).toList(),
                        Runtime.getRuntime().maxMemory() >> 20);
            }
            return indexed - start;
        }
    }

    private void timedSearch(Collection c, float[] query, Histogram latency) {
        long t = System.nanoTime();
        c.search(SearchRequest.builder().vector(query).limit(k).build());
        latency.recordValue((System.nanoTime() - t) / 1_000);
    }

    private void evictPageCache() throws IOException {
        long files = 0;
        long evicted = 0;
        long bytes = 0;
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files++;
                bytes += Files.size(file);
                evicted += PageCache.evict(file) ? 1 : 0;
            }
        }
        System.out.printf("page cache: evicted %d of %d files (%,d MB) with posix_fadvise(DONTNEED)%n", evicted, files,
                bytes >> 20);
    }

    private void reopen(Dataset data, long indexingNanos) {
        int n = Math.min(queries, data.queries().count());
        long start = System.nanoTime();
        try (Akasha akasha = Akasha.open(directory)) {
            Collection c = akasha.collection("bench");
            long opened = System.nanoTime();
            Histogram latency = new Histogram(3);
            int[][] results = new int[n][];
            long firstCorrect = -1;
            for (int q = 0; q < n; q++) {
                long t = System.nanoTime();
                SearchRequest.Builder request = SearchRequest.builder().vector(data.queries().get(q)).limit(k);
                if (ef != null) {
                    request.parameter("ef", Math.max(ef, k));
                }
                List<Hit> hits = c.search(request.build()).getFirst();
                long end = System.nanoTime();
                latency.recordValue((end - t) / 1_000);
                results[q] = hits.stream().mapToInt(h -> (int) (long) (Long) h.id()).toArray();
                if (firstCorrect < 0 && results[q].length > 0 && results[q][0] == data.groundTruth()[q][0]) {
                    firstCorrect = end - start;
                }
            }
            System.out.printf("cold reopen: open %.1f ms; first correct result %.1f ms after open began = %.3f%% of "
                            + "the %.1f s from first insert to all indexed%n", (opened - start) / 1e6, firstCorrect / 1e6,
                    100.0 * firstCorrect / indexingNanos, indexingNanos / 1e9);
            System.out.printf("first %d queries after the reopen (ef %s): p50 %.2f ms, p99 %.2f ms, max %.2f ms, "
                            + "recall@%d %.4f%n", n, ef == null ? "default" : ef, latency.getValueAtPercentile(50) / 1e3,
                    latency.getValueAtPercentile(99) / 1e3, latency.getMaxValue() / 1e3, k,
                    Recall.atK(results, data.groundTruth(), k));
            long keysInMemory = c.stats().keysInMemory();
            Histogram getLatency = new Histogram(3);
            SplittableRandom random = new SplittableRandom(5);
            int found = 0;
            for (int i = 0; i < 1_000; i++) {
                long id = random.nextLong(data.base().count());
                long t = System.nanoTime();
                found += c.get(List.of(id)).size();
                getLatency.recordValue((System.nanoTime() - t) / 1_000);
            }
            System.out.printf("get by key after the reopen: %d of 1,000 random keys found, one per call, p50 %.1f us, "
                            + "p99 %.1f us; primary keys held in memory %,d (the rest are in the catalog)%n", found,
                    getLatency.getValueAtPercentile(50) / 1.0, getLatency.getValueAtPercentile(99) / 1.0, keysInMemory);
        }
    }
}
