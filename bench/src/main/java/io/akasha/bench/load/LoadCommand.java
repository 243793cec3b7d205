package io.akasha.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.akasha.bench.DatasetOptions;
import io.akasha.core.dataset.Dataset;
import io.akasha.server.PackedVectors;
import io.akasha.server.cli.BulkUpload;
import io.akasha.server.v1.DataGrpc;
import io.akasha.server.v1.SearchRequest;
import io.akasha.server.v1.WriteRequest;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A load client for a running server: {@code --concurrency} threads call back to back for
 * {@code --seconds} (after a warm-up) with searches (a data set's query vectors, {@code --nq} per
 * call) or inserts (its base vectors, {@code --batch} rows per call, ids from {@code --first-id},
 * into the {@code id} and {@code vector} fields that {@code akasha import} creates),
 * and prints calls per second and latency percentiles. One channel per thread, so that calls spread
 * over the server's transport threads as separate clients' would.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Drive a running server with searches or inserts; print QPS and latency percentiles.")
public final class LoadCommand implements Callable<Integer> {

    @Mixin
    DatasetOptions data;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "server address (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", defaultValue = "7700", description = "server port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--token", description = "bearer token, when the server has users")
    String token;

    @Option(names = "--collection", required = true, description = "collection to search or insert into")
    String collection;

    @Option(names = "--mode", defaultValue = "search", description = "search or insert (default: ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--concurrency", defaultValue = "1", description = "calling threads (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--seconds", defaultValue = "30", description = "measured seconds (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--warmup", defaultValue = "5", description = "warm-up seconds (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--nq", defaultValue = "1", description = "query vectors per search call (default: ${DEFAULT-VALUE})")
    int nq;

    @Option(names = {"-k", "--limit"}, defaultValue = "10", description = "results per query (default: ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--ef", description = "HNSW ef for searches")
    Integer ef;

    @Option(names = "--batch", defaultValue = "1000", description = "rows per insert call (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--first-id", defaultValue = "1000000000", description = "first primary key inserted")
    long firstId;

    @Override
    public Integer call() throws Exception {
        if (!mode.equals("search") && !mode.equals("insert")) {
            throw new IllegalArgumentException("--mode must be search or insert, got " + mode);
        }
        try (Dataset set = data.load(Integer.MAX_VALUE)) {
            List<ManagedChannel> channels = new ArrayList<>();
            List<DataGrpc.DataBlockingStub> stubs = new ArrayList<>();
            for (int t = 0; t < concurrency; t++) {
                ManagedChannel channel = NettyChannelBuilder.forAddress(host, port).usePlaintext()
                        .maxInboundMessageSize(64 << 20).build();
                channels.add(channel);
                stubs.add(authenticated(DataGrpc.newBlockingStub(channel)));
            }
            try {
                LoadRun.Operation operation = mode.equals("search") ? searches(set, stubs) : inserts(set, stubs);
                LoadRun.Result result = LoadRun.run(operation, concurrency, Duration.ofSeconds(warmup),
                        Duration.ofSeconds(seconds));
                int perCall = mode.equals("search") ? nq : batch;
                System.out.printf("%s %s:%d/%s, concurrency %d, %d s: %,.0f calls/s; %s%n", mode, host, port,
                        collection, concurrency, seconds, result.callsPerSecond(),
                        result.summary(mode.equals("search") ? "query vectors" : "rows", perCall));
            } finally {
                for (ManagedChannel channel : channels) {
                    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                }
            }
        }
        return 0;
    }

    private DataGrpc.DataBlockingStub authenticated(DataGrpc.DataBlockingStub stub) {
        if (token == null) {
            return stub;
        }
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    /** Requests built before the run, cycled: the client spends its time calling, not encoding. */
    private LoadRun.Operation searches(Dataset set, List<DataGrpc.DataBlockingStub> stubs) {
        int queries = set.queries().count();
        List<SearchRequest> requests = new ArrayList<>();
        for (int q = 0; q < queries; q++) {
            List<float[]> vectors = new ArrayList<>();
            for (int i = 0; i < nq; i++) {
                vectors.add(set.queries().get((q + i) % queries));
            }
            SearchRequest.Builder request = SearchRequest.newBuilder().setCollection(collection)
                    .setVectors(PackedVectors.pack(vectors, set.dim())).setLimit(k);
            if (ef != null) {
                request.putParams("ef", Integer.toString(ef));
            }
            requests.add(request.build());
        }
        return (thread, sequence) -> stubs.get(thread).search(requests.get((int) ((sequence * stubs.size() + thread)
                % requests.size())));
    }

    /** Each call inserts the next {@code batch} base vectors (wrapping around) under fresh ids. */
    private LoadRun.Operation inserts(Dataset set, List<DataGrpc.DataBlockingStub> stubs) {
        AtomicLong nextId = new AtomicLong(firstId);
        return (thread, sequence) -> stubs.get(thread).insert(WriteRequest.newBuilder().setCollection(collection)
                .setRows(BulkUpload.rows(set, nextId.getAndAdd(batch), batch)).build());
    }
}
