package io.akasha.core.durable;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.akasha.core.Akasha;
import io.akasha.core.AkashaOptions;
import io.akasha.core.collection.Collection;
import io.akasha.core.schema.CollectionSchema;
import io.akasha.core.schema.Field;
import io.akasha.core.vector.Similarity;

/**
 * Run in a child JVM by {@link CrashRecoveryTest}: applies operations {@code start, start+1, ...}
 * to a data directory forever, printing {@code acked N} after operation N returned, until it is
 * killed. Operations are a pure function of their number ({@link #apply}), so the test knows
 * exactly what the collection must hold after any acknowledged prefix. Small segments and a tiny
 * checkpoint threshold make checkpoints (segment files, log truncation) run all the time.
 */
public final class CrashWriterMain {

    static final int BATCH_ROWS = 20;
    static final int DIM = 16;
    static final AkashaOptions OPTIONS = AkashaOptions.defaults().withSegmentRows(64).withCheckpointBytes(8 << 10);

    private CrashWriterMain() {
    }

    static CollectionSchema schema() {
        return CollectionSchema.builder()
                .field(Field.int64("id").asPrimaryKey())
                .field(Field.floatVector("v", DIM, Similarity.L2))
                .field(Field.int64("version"))
                .build();
    }

    /** What a row holds: the operation that wrote it last, and its vector. */
    record Row(long version, float[] vector) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Row r && r.version == version && java.util.Arrays.equals(r.vector, vector);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(version) * 31 + java.util.Arrays.hashCode(vector);
        }

        @Override
        public String toString() {
            return "v" + version + java.util.Arrays.toString(vector);
        }
    }

    static float[] vector(long op, int i) {
        float[] v = new float[DIM];
        v[i % DIM] = op;
        v[(i + 3) % DIM] = i + 0.5f;
        return v;
    }

    /**
     * Operation {@code op}: every fifth op (4, 9, ...) deletes the even rows of the batch inserted
     * two ops before; ops 2, 7, ... upsert the first ten rows of the previous op's batch; the others
     * insert a new batch of rows keyed {@code op * BATCH_ROWS + i}. Applied to {@code model} if
     * given, to {@code collection} if given.
     */
    static void apply(long op, Collection collection, Map<Long, Row> model) {
        if (op % 5 == 4) {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < BATCH_ROWS; i += 2) {
                ids.add((op - 2) * BATCH_ROWS + i);
            }
            if (collection != null) {
                collection.delete(ids);
            }
            if (model != null) {
                ids.forEach(model::remove);
            }
            return;
        }
        boolean upsert = op % 5 == 2;
        long base = (upsert ? op - 1 : op) * BATCH_ROWS;
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < (upsert ? 10 : BATCH_ROWS); i++) {
            float[] v = vector(op, i);
            rows.add(Map.of("id", base + i, "v", v, "version", op));
            if (model != null) {
                model.put(base + i, new Row(op, v));
            }
        }
        if (collection != null) {
            if (upsert) {
                collection.upsert(rows);
            } else {
                collection.insert(rows);
            }
        }
    }

    /** The rows after operations {@code 0..last}. */
    static Map<Long, Row> expected(long last) {
        Map<Long, Row> model = new TreeMap<>();
        for (long op = 0; op <= last; op++) {
            apply(op, null, model);
        }
        return model;
    }

    public static void main(String[] args) {
        Akasha akasha = Akasha.open(Path.of(args[0]), OPTIONS);
        long op = Long.parseLong(args[1]);
        Collection c = akasha.hasCollection("crash") ? akasha.collection("crash") : akasha.createCollection("crash", schema());
        System.out.println("ready");
        System.out.flush();
        while (true) {
            apply(op, c, null);
            System.out.println("acked " + op);
            System.out.flush();
            op++;
        }
    }
}
