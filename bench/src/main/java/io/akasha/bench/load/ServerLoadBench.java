package io.akasha.bench.load;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import io.akasha.bench.DatasetOptions;
import io.akasha.bench.Stats;
import io.akasha.core.Akasha;
import io.akasha.core.collection.Collection;
import io.akasha.core.collection.Hit;
import io.akasha.core.collection.SearchRequest;
import io.akasha.core.dataset.Dataset;
import io.akasha.core.schema.CollectionSchema;
import io.akasha.core.schema.Field;
import io.akasha.core.schema.IndexSpec;
import io.akasha.core.search.Recall;
import io.akasha.server.AkashaServer;
import io.akasha.server.PackedVectors;
import io.akasha.server.ServerConfig;
import io.akasha.server.cli.BulkUpload;
import io.akasha.server.v1.DataGrpc;
import io.akasha.storage.DurableFiles;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The gRPC server against the in-process engine it wraps, in one JVM and one run: the latency a
 * search RPC adds at concurrency 1 (against an empty unary RPC, a health check, on the same
 * channel), throughput with 10 query vectors per request at concurrency 2, and durable ingest
 * through one {@code BulkInsert} stream against the same batches inserted in process. The HNSW
 * {@code ef} is the smallest giving recall@10 at or above the target. Rounds interleave the
 * in-process and gRPC measurements, after one uncounted warm-up round; medians are reported.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "gRPC server vs the in-process engine, side by side: added latency, nq=10 throughput, bulk ingest.")
public final class ServerLoadBench implements Callable<Integer> {

    @Mixin
    DatasetOptions data;

    @Option(names = "--queries", defaultValue = "1000", description = "query vectors used (default: ${DEFAULT-VALUE})")
    int queries;

    @Option(names = "--target-recall", defaultValue = "0.95", description = "recall@10 the ef is chosen for")
    double targetRecall;

    @Option(names = "--seconds", defaultValue = "10", description = "measured seconds per point (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--warmup", defaultValue = "3", description = "warm-up seconds per point (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--rounds", defaultValue = "3", description = "rounds (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--ingest-rows", defaultValue = "200000", description = "rows per ingest run (default: ${DEFAULT-VALUE})")
    int ingestRows;

    @Option(names = "--directory", defaultValue = "target/server-bench", description = "data directory (emptied first)")
    Path directory;

    private static final int K = 10;
    private static final int BATCH = 1_000;
    /** Query vectors per request in the batched search measurement. */
    private static final int BATCH_QUERIES = 10;

    @Override
    public Integer call() throws Exception {
        DurableFiles.deleteRecursively(directory);
        try (Dataset set = data.load(queries); Akasha engine = Akasha.open(directory)) {
            int nq = Math.min(queries, set.queries().count());
            ingestRows = Math.min(ingestRows, set.base().count());
            System.out.printf("%s: %,d x %d (%s), %d queries; data directory %s%n", set.name(), set.base().count(),
                    set.dim(), set.similarity(), nq, directory.toAbsolutePath());
            Collection search = engine.createCollection("search", schema(set, IndexSpec.auto()));
            long start = System.nanoTime();
            for (int first = 0; first < set.base().count(); first += 10_000) {
                search.insert(rows(set, first, Math.min(10_000, set.base().count() - first)));
            }
            search.flush();
            System.out.printf("loaded and indexed in process in %.1f s%n", (System.nanoTime() - start) / 1e9);
            int ef = calibrate(search, set, nq);

            AkashaServer server = AkashaServer.start(engine, new ServerConfig(directory.toString(), "127.0.0.1", 0,
                    1024, 64, 0, null, List.of()));
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext()
                    .maxInboundMessageSize(64 << 20).build();
            try {
                measure(engine, channel, server.metricsPort(), set, nq, ef);
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                server.close();
            }
        }
        return 0;
    }

    private static CollectionSchema schema(Dataset set, IndexSpec index) {
        return CollectionSchema.builder().field(Field.int64("id").asPrimaryKey())
                .field(Field.floatVector("vector", set.dim(), set.similarity()).withIndex(index)).build();
    }

    private static List<Map<String, Object>> rows(Dataset set, int first, int count) {
        List<Map<String, Object>> rows = new ArrayList<>(count);
        for (int i = first; i < first + count; i++) {
            rows.add(Map.of("id", (long) i, "vector", set.base().get(i)));
        }
        return rows;
    }

    /** The smallest ef whose recall@10 over the queries reaches the target. */
    private int calibrate(Collection search, Dataset set, int nq) {
        for (int ef : new int[] {16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512}) {
            int[][] found = new int[nq][];
            for (int q = 0; q < nq; q++) {
                found[q] = search.search(SearchRequest.builder().vector(set.queries().get(q)).limit(K)
                        .parameter("ef", ef).build()).getFirst().stream().mapToInt(h -> (int) (long) (Long) h.id()).toArray();
            }
            double recall = Recall.atK(found, set.groundTruth(), K);
            if (recall >= targetRecall || ef == 512) {
                System.out.printf("ef %d: recall@%d %.4f (target %.2f)%n", ef, K, recall, targetRecall);
                return ef;
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private void measure(Akasha engine, ManagedChannel channel, int metricsPort, Dataset set, int nq, int ef)
            throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Collection search = engine.collection("search");
        DataGrpc.DataBlockingStub stub = DataGrpc.newBlockingStub(channel);
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
        List<SearchRequest> single = new ArrayList<>();
        List<io.akasha.server.v1.SearchRequest> singleRpc = new ArrayList<>();
        List<SearchRequest> batched = new ArrayList<>();
        List<io.akasha.server.v1.SearchRequest> batchedRpc = new ArrayList<>();
        for (int q = 0; q < nq; q++) {
            single.add(SearchRequest.builder().vector(set.queries().get(q)).limit(K).parameter("ef", ef).build());
            singleRpc.add(rpc(List.of(set.queries().get(q)), set.dim(), ef));
        }
        // Disjoint batches, so that consecutive requests do not revisit the same queries' graph regions.
        for (int first = 0; first + BATCH_QUERIES <= nq; first += BATCH_QUERIES) {
            List<float[]> batch = new ArrayList<>();
            for (int i = first; i < first + BATCH_QUERIES; i++) {
                batch.add(set.queries().get(i));
            }
            batched.add(SearchRequest.builder().vectors(batch).limit(K).parameter("ef", ef).build());
            batchedRpc.add(rpc(batch, set.dim(), ef));
        }
        int batches = batched.size();
        Duration warm = Duration.ofSeconds(warmup);
        Duration measured = Duration.ofSeconds(seconds);
        Map<String, List<Double>> medians = new HashMap<>();
        Map<String, List<Double>> rates = new HashMap<>();
        // Round 0 warms up every path, so that no counted round shares the cores with the JIT
        // compiling the transport's code (thousands of methods, seconds of C2 on 2 cores).
        for (int round = 0; round <= rounds; round++) {
            System.out.println(round == 0 ? "warm-up round (not counted):" : "round " + round + ":");
            if (round == 1) {
                medians.clear();
                rates.clear();
            }
            record(medians, rates, "in-process search, c=1", 1, LoadRun.run((t, s) ->
                    consume(search.search(single.get((int) (s % nq)))), 1, warm, measured));
            ServerSideTimes before = ServerSideTimes.read(http, metricsPort);
            record(medians, rates, "gRPC search, c=1", 1, LoadRun.run((t, s) ->
                    stub.search(singleRpc.get((int) (s % nq))), 1, warm, measured));
            before = printServerSide(http, metricsPort, before);
            record(medians, rates, "gRPC empty unary (health check), c=1", 1, LoadRun.run((t, s) ->
                    health.check(HealthCheckRequest.getDefaultInstance()), 1, warm, measured));
            record(medians, rates, "in-process search nq=10, c=2", BATCH_QUERIES, LoadRun.run((t, s) ->
                    consume(search.search(batched.get((int) ((s * 2 + t) % batches)))), 2, warm, measured));
            before = ServerSideTimes.read(http, metricsPort);
            record(medians, rates, "gRPC search nq=10, c=2", BATCH_QUERIES, LoadRun.run((t, s) ->
                    stub.search(batchedRpc.get((int) ((s * 2 + t) % batches))), 2, warm, measured));
            printServerSide(http, metricsPort, before);
            rates.computeIfAbsent("in-process durable ingest", k -> new ArrayList<>()).add(ingestInProcess(engine, set));
            rates.computeIfAbsent("gRPC BulkInsert ingest", k -> new ArrayList<>()).add(ingestRpc(engine, channel, set));
        }
        double inProcess = median(medians, "in-process search, c=1");
        double rpc = median(medians, "gRPC search, c=1");
        double empty = median(medians, "gRPC empty unary (health check), c=1");
        System.out.printf("%nmedians of %d rounds (ef %d):%n", rounds, ef);
        System.out.printf("search latency c=1: in-process %.1f µs, gRPC %.1f µs, empty unary RPC %.1f µs: added "
                + "%.1f µs = %.2fx the empty RPC (target <= 1.25x)%n", inProcess, rpc, empty, rpc - inProcess,
                (rpc - inProcess) / empty);
        double batchedInProcess = median(rates, "in-process search nq=10, c=2");
        double batchedRpcRate = median(rates, "gRPC search nq=10, c=2");
        System.out.printf("nq=10, c=2: in-process %,.0f query vectors/s, gRPC %,.0f = %.1f%% (target >= 80%%)%n",
                batchedInProcess, batchedRpcRate, 100 * batchedRpcRate / batchedInProcess);
        double ingest = median(rates, "in-process durable ingest");
        double bulk = median(rates, "gRPC BulkInsert ingest");
        System.out.printf("durable ingest, %,d rows in batches of %,d, flat index: in-process %,.0f rows/s, BulkInsert "
                + "%,.0f rows/s = %.1f%% (target >= 80%%)%n", ingestRows, BATCH, ingest, bulk, 100 * bulk / ingest);
    }

    /** Prints the server-side mean time of the calls since {@code before}; returns a reading taken now. */
    private static ServerSideTimes printServerSide(HttpClient http, int metricsPort, ServerSideTimes before)
            throws Exception {
        ServerSideTimes now = ServerSideTimes.read(http, metricsPort);
        System.out.println("    server-side mean time per call (warm-up included):" + now.summarySince(before));
        return now;
    }

    private static io.akasha.server.v1.SearchRequest rpc(List<float[]> vectors, int dim, int ef) {
        return io.akasha.server.v1.SearchRequest.newBuilder().setCollection("search")
                .setVectors(PackedVectors.pack(vectors, dim)).setLimit(K).putParams("ef", Integer.toString(ef)).build();
    }

    private static void consume(List<List<Hit>> hits) {
        if (hits.isEmpty()) {
            throw new IllegalStateException("no results");
        }
    }

    private static void record(Map<String, List<Double>> medians, Map<String, List<Double>> rates, String name,
                               int perCall, LoadRun.Result result) {
        System.out.println("  " + name + ": " + result.summary(perCall == 1 ? "calls" : "query vectors", perCall));
        medians.computeIfAbsent(name, k -> new ArrayList<>()).add(result.micros(50));
        rates.computeIfAbsent(name, k -> new ArrayList<>()).add(result.callsPerSecond() * perCall);
    }

    private static double median(Map<String, List<Double>> values, String name) {
        return Stats.median(values.get(name).stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Rows per second inserting the first {@code ingestRows} rows in process, one writer, batches of 1,000. */
    private double ingestInProcess(Akasha engine, Dataset set) {
        Collection target = engine.createCollection("ingest", schema(set, IndexSpec.of("FLAT", Map.of())));
        long start = System.nanoTime();
        for (int first = 0; first < ingestRows; first += BATCH) {
            target.insert(rows(set, first, Math.min(BATCH, ingestRows - first)));
        }
        double rate = ingestRows / ((System.nanoTime() - start) / 1e9);
        engine.dropCollection("ingest");
        System.out.printf("  in-process durable ingest: %,.0f rows/s%n", rate);
        return rate;
    }

    /** Rows per second streaming the same rows through one BulkInsert call. */
    private double ingestRpc(Akasha engine, ManagedChannel channel, Dataset set) throws Exception {
        engine.createCollection("ingest", schema(set, IndexSpec.of("FLAT", Map.of())));
        long start = System.nanoTime();
        long count = BulkUpload.send(channel, "ingest", set, ingestRows, BATCH, rows -> { });
        double rate = count / ((System.nanoTime() - start) / 1e9);
        engine.dropCollection("ingest");
        System.out.printf("  gRPC BulkInsert ingest: %,.0f rows/s%n", rate);
        return rate;
    }
}
