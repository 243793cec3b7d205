package io.akasha.server.cli;

import java.util.concurrent.Callable;

import io.akasha.core.dataset.DataDirectory;
import io.akasha.core.dataset.Dataset;
import io.akasha.core.dataset.DatasetLoader;
import io.akasha.server.v1.CollectionName;
import io.akasha.server.v1.CollectionSchema;
import io.akasha.server.v1.CollectionsGrpc;
import io.akasha.server.v1.CreateCollectionRequest;
import io.akasha.server.v1.DataType;
import io.akasha.server.v1.FieldSchema;
import io.akasha.server.v1.ListCollectionsRequest;
import io.akasha.server.v1.Metric;
import io.grpc.ManagedChannel;
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
                long count;
                try (ProgressBar bar = new ProgressBarBuilder().setTaskName("import " + name)
                        .setInitialMax(data.base().count()).setStyle(ProgressBarStyle.ASCII)
                        .setUpdateIntervalMillis(250).build()) {
                    count = BulkUpload.send(channel, name, data, data.base().count(), batch, bar::stepBy);
                }
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
}
