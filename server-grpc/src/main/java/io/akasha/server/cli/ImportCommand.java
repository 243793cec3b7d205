package io.akasha.server.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.akasha.core.dataset.DataDirectory;
import io.akasha.core.dataset.Dataset;
import io.akasha.server.PackedVectors;
import io.akasha.core.dataset.DatasetLoader;
import io.akasha.server.v1.CollectionName;
import io.akasha.server.v1.CollectionSchema;
import io.akasha.server.v1.CollectionsGrpc;
import io.akasha.server.v1.Column;
import io.akasha.server.v1.CreateCollectionRequest;
import io.akasha.server.v1.DataGrpc;
import io.akasha.server.v1.DataType;
import io.akasha.server.v1.FieldSchema;
import io.akasha.server.v1.FloatVectors;
import io.akasha.server.v1.Int64Values;
import io.akasha.server.v1.ListCollectionsRequest;
import io.akasha.server.v1.Metric;
import io.akasha.server.v1.Rows;
import io.akasha.server.v1.WriteRequest;
import io.akasha.server.v1.WriteResponse;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code akasha import}: loads a data set's base vectors into a collection on a running server
 * (created if missing: an INT64 primary key {@code id} = the vector's position and a vector field
 * {@code vector} with the data set's metric, AUTOINDEX), streamed in batches over one
 * {@code BulkInsert} call, then flushes so that the index is built and saved.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Load a data set's vectors into a collection on a running server.")
public final class ImportCommand implements Callable<Integer> {

    @Mixin
    Connection connection;

    @Option(names = "--dataset", required = true, description = "data set name in the data directory, e.g. siftsmall")
    String dataset;

    @Option(names = "--collection", description = "collection to load into; default: the data set's name")
    String collection;

    @Option(names = "--batch", defaultValue = "1000", description = "rows per batch; default: ${DEFAULT-VALUE}")
    int batch;

    @Override
    public Integer call() throws Exception {
        String name = collection != null ? collection : dataset.replaceAll("[^A-Za-z0-9_]", "_");
        try (Dataset data = DatasetLoader.load(DataDirectory.resolve(), dataset)) {
            ManagedChannel channel = connection.open();
            try {
                CollectionsGrpc.CollectionsBlockingStub collections = CollectionsGrpc.newBlockingStub(channel);
                if (!collections.listCollections(ListCollectionsRequest.getDefaultInstance()).getCollectionsList()
                        .contains(name)) {
                    collections.createCollection(CreateCollectionRequest.newBuilder().setCollection(name)
                            .setSchema(schema(data)).build());
                    System.out.println("created collection " + name + " (id INT64, vector FLOAT_VECTOR("
                            + data.dim() + ", " + data.similarity() + "), AUTOINDEX)");
                }
                long start = System.nanoTime();
                long count = stream(channel, name, data);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("imported %,d rows into %s in %.1f s (%,.0f rows/s); building the index ...%n",
                        count, name, seconds, count / seconds);
                collections.flush(CollectionName.newBuilder().setCollection(name).build());
                System.out.printf("indexed and saved after %.1f s%n", (System.nanoTime() - start) / 1e9);
            } finally {
                Connection.close(channel);
            }
        }
        return 0;
    }

    private static CollectionSchema schema(Dataset data) {
        return CollectionSchema.newBuilder()
                .addFields(FieldSchema.newBuilder().setName("id").setType(DataType.INT64).setPrimaryKey(true))
                .addFields(FieldSchema.newBuilder().setName("vector").setType(DataType.FLOAT_VECTOR)
                        .setDimension(data.dim()).setMetric(Metric.valueOf(data.similarity().name())))
                .build();
    }

    /** Streams every row, sending a batch only when the transport is ready for it (no unbounded buffering). */
    private long stream(ManagedChannel channel, String name, Dataset data) throws Exception {
        CompletableFuture<WriteResponse> done = new CompletableFuture<>();
        Object ready = new Object();
        ClientResponseObserver<WriteRequest, WriteResponse> responses = new ClientResponseObserver<>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<WriteRequest> stream) {
                stream.setOnReadyHandler(() -> wake(ready));
            }

            @Override
            public void onNext(WriteResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
                wake(ready);
            }

            @Override
            public void onCompleted() {
            }
        };
        ClientCallStreamObserver<WriteRequest> requests =
                (ClientCallStreamObserver<WriteRequest>) DataGrpc.newStub(channel).bulkInsert(responses);
        int total = data.base().count();
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("import " + name).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).build()) {
            for (int first = 0; first < total && !done.isDone(); first += batch) {
                synchronized (ready) {
                    while (!requests.isReady() && !done.isDone()) {
                        ready.wait(100);
                    }
                }
                int count = Math.min(batch, total - first);
                requests.onNext(WriteRequest.newBuilder().setCollection(name).setRows(rows(data, first, count)).build());
                bar.stepBy(count);
            }
        }
        requests.onCompleted();
        return done.get(1, TimeUnit.HOURS).getCount();
    }

    private static void wake(Object monitor) {
        synchronized (monitor) {
            monitor.notifyAll();
        }
    }

    private static Rows rows(Dataset data, int first, int count) {
        Int64Values.Builder ids = Int64Values.newBuilder();
        List<float[]> vectors = new ArrayList<>(count);
        for (int i = first; i < first + count; i++) {
            ids.addValues(i);
            vectors.add(data.base().get(i));
        }
        FloatVectors packed = PackedVectors.pack(vectors, data.dim());
        return Rows.newBuilder().setCount(count)
                .addColumns(Column.newBuilder().setField("id").setInt64Values(ids))
                .addColumns(Column.newBuilder().setField("vector").setFloatVectors(packed))
                .build();
    }
}
