package io.akasha.core.durable;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.akasha.core.Akasha;
import io.akasha.core.collection.Collection;
import io.akasha.core.collection.QueryRequest;
import io.akasha.core.schema.CollectionSchema;
import io.akasha.core.schema.Field;
import io.akasha.core.vector.Similarity;

/**
 * Run in a child JVM by {@link CrashRecoveryTest}: writes batches to a data directory forever,
 * printing {@code acked N} after the insert of batch N returned, until it is killed.
 */
public final class CrashWriterMain {

    static final int BATCH_ROWS = 20;

    private CrashWriterMain() {
    }

    static CollectionSchema schema() {
        return CollectionSchema.builder()
                .field(Field.int64("id").asPrimaryKey())
                .field(Field.floatVector("v", 16, Similarity.L2))
                .field(Field.int64("batch"))
                .build();
    }

    public static void main(String[] args) {
        Akasha akasha = Akasha.open(Path.of(args[0]));
        Collection c = akasha.hasCollection("crash") ? akasha.collection("crash") : akasha.createCollection("crash", schema());
        long batch = (Long) c.query(QueryRequest.builder().outputFields(QueryRequest.COUNT).build()).getFirst()
                .get(QueryRequest.COUNT) / BATCH_ROWS;
        System.out.println("ready " + batch);
        System.out.flush();
        while (true) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 0; i < BATCH_ROWS; i++) {
                float[] v = new float[16];
                v[i % 16] = batch;
                rows.add(Map.of("id", batch * BATCH_ROWS + i, "v", v, "batch", batch));
            }
            c.insert(rows);
            System.out.println("acked " + batch);
            System.out.flush();
            batch++;
        }
    }
}
