package io.akasha.core.collection;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.akasha.core.schema.StoredValueCodec;

/**
 * The bytes of a {@link JournalRecord}, the payload of one write-ahead log record. Little-endian.
 *
 * <pre>
 * record   := kind:u8 body
 *   1 WRITE          upsert:u8 count:u32 (partition:string fields:u32 value* dynamic:value)*
 *   2 DELETE         count:u32 value*
 *   3 CREATE_PARTITION, 4 DROP_PARTITION, 5 CREATE_SCALAR_INDEX   name:string
 * value, string := as {@link StoredValueCodec} writes them
 * </pre>
 */
final class RecordCodec {

    private static final int WRITE = 1;
    private static final int DELETE = 2;
    private static final int CREATE_PARTITION = 3;
    private static final int DROP_PARTITION = 4;
    private static final int CREATE_SCALAR_INDEX = 5;

    private RecordCodec() {
    }

    static byte[] encode(JournalRecord record) {
        StoredValueCodec.Out out = new StoredValueCodec.Out();
        switch (record) {
            case JournalRecord.Write write -> {
                out.u8(WRITE).u8(write.upsert() ? 1 : 0).u32(write.rows().size());
                for (PreparedRow row : write.rows()) {
                    out.string(row.partition()).u32(row.values().length);
                    for (Object value : row.values()) {
                        out.value(value);
                    }
                    out.value(row.dynamic());
                }
            }
            case JournalRecord.Delete delete -> {
                out.u8(DELETE).u32(delete.keys().size());
                delete.keys().forEach(out::value);
            }
            case JournalRecord.CreatePartition p -> out.u8(CREATE_PARTITION).string(p.name());
            case JournalRecord.DropPartition p -> out.u8(DROP_PARTITION).string(p.name());
            case JournalRecord.CreateScalarIndex i -> out.u8(CREATE_SCALAR_INDEX).string(i.field());
        }
        return out.bytes();
    }

    static JournalRecord decode(ByteBuffer bytes) {
        ByteBuffer in = bytes.order(ByteOrder.LITTLE_ENDIAN);
        int kind = in.get();
        JournalRecord record = switch (kind) {
            case WRITE -> {
                boolean upsert = in.get() != 0;
                int count = in.getInt();
                List<PreparedRow> rows = new ArrayList<>(count);
                for (int r = 0; r < count; r++) {
                    String partition = StoredValueCodec.readString(in);
                    Object[] values = new Object[in.getInt()];
                    for (int f = 0; f < values.length; f++) {
                        values[f] = StoredValueCodec.read(in);
                    }
                    @SuppressWarnings("unchecked")
                    Map<String, Object> dynamic = (Map<String, Object>) StoredValueCodec.read(in);
                    rows.add(new PreparedRow(values, dynamic, partition));
                }
                yield new JournalRecord.Write(upsert, rows);
            }
            case DELETE -> {
                int count = in.getInt();
                List<Object> keys = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    keys.add(StoredValueCodec.read(in));
                }
                yield new JournalRecord.Delete(keys);
            }
            case CREATE_PARTITION -> new JournalRecord.CreatePartition(StoredValueCodec.readString(in));
            case DROP_PARTITION -> new JournalRecord.DropPartition(StoredValueCodec.readString(in));
            case CREATE_SCALAR_INDEX -> new JournalRecord.CreateScalarIndex(StoredValueCodec.readString(in));
            default -> throw new IllegalStateException("unknown journal record kind " + kind);
        };
        if (in.hasRemaining()) {
            throw new IllegalStateException("journal record of kind " + kind + " has " + in.remaining()
                    + " bytes left over");
        }
        return record;
    }
}
