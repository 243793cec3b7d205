package io.akasha.core.embed;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.akasha.core.Akasha;
import io.akasha.core.collection.Collection;
import io.akasha.core.schema.CollectionSchema;
import io.akasha.core.schema.Field;

import io.akasha.core.index.FlatIndex;
import io.akasha.core.search.SearchResult;
import io.akasha.core.vector.FloatVectors;
import io.akasha.core.vector.Kernel;
import io.akasha.core.vector.Similarity;
import io.akasha.core.vector.VectorUtil;
import io.akasha.storage.Advice;
import io.akasha.storage.DurableFiles;
import io.akasha.storage.VectorsFile;

/**
 * What a host application does with the engine, run in a child JVM by {@link EmbedderContractTest}:
 * kernels, exact search, a vectors file mapped through FFM with an access hint, and a data
 * directory (write-ahead log, segment files, the LMDB catalog through FFM) written and reopened.
 */
public final class EmbeddedEngineMain {

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("akasha-embed");
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        float[][] rows = new float[300][17];
        for (float[] row : rows) {
            for (int d = 0; d < row.length; d++) {
                row[d] = (float) random.nextGaussian();
            }
        }
        try (FloatVectors vectors = FloatVectors.of(rows)) {
            Path file = dir.resolve("v.akv");
            VectorsFile.write(file, vectors.dim(), vectors.count(), vectors.segment());
            try (VectorsFile mapped = VectorsFile.open(file);
                 FloatVectors view = FloatVectors.wrap(mapped.vectors(), mapped.dim(), (int) mapped.count());
                 FlatIndex index = new FlatIndex(view, Similarity.L2)) {
                boolean advised = mapped.mappedFile().advise(Advice.SEQUENTIAL);
                SearchResult result = index.search(rows[42], 5);
                System.out.println("kernel=" + VectorUtil.implementationOf(Kernel.DOT_PRODUCT_BULK).name());
                System.out.println("advised=" + advised);
                System.out.println("ids=" + Arrays.toString(result.ids()));
            }
            durableRoundTrip(dir.resolve("data"), rows);
        } finally {
            DurableFiles.deleteRecursively(dir);
        }
    }

    /** A data directory: write, checkpoint (the keys go to the LMDB catalog), reopen, read by key. */
    private static void durableRoundTrip(Path data, float[][] rows) {
        CollectionSchema schema = CollectionSchema.builder()
                .field(Field.int64("id").asPrimaryKey())
                .field(Field.floatVector("v", rows[0].length, Similarity.L2))
                .build();
        try (Akasha akasha = Akasha.open(data)) {
            Collection collection = akasha.createCollection("c", schema);
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = 0; i < rows.length; i++) {
                batch.add(Map.of("id", (long) i, "v", rows[i]));
            }
            collection.insert(batch);
            collection.flush();
            collection.flush();
        }
        try (Akasha akasha = Akasha.open(data)) {
            Collection collection = akasha.collection("c");
            List<Object> ids = collection.get(List.of(7L, 8L, 100_000L)).stream().map(row -> row.get("id")).toList();
            System.out.println("durable=" + ids + " keysInMemory=" + collection.stats().keysInMemory());
        }
    }
}
