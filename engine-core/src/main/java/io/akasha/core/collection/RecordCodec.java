package io.akasha.core.collection;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bytes of a {@link JournalRecord}, the payload of one write-ahead log record. Little-endian.
 *
 * <pre>
 * record   := kind:u8 body
 *   1 WRITE          upsert:u8 count:u32 (partition:string fields:u32 value* dynamic:value)*
 *   2 DELETE         count:u32 value*
 *   3 CREATE_PARTITION, 4 DROP_PARTITION, 5 CREATE_SCALAR_INDEX   name:string
 * value    := tag:u8 ...
 *   0 null   1 false   2 true   3 int64   4 float64   5 string
 *   6 float32 vector: n:u32 n*f32   7 list: n:u32 value*   8 map: n:u32 (string value)*
 * string   := bytes:u32 UTF-8
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
        Out out = new Out();
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
                    String partition = string(in);
                    Object[] values = new Object[in.getInt()];
                    for (int f = 0; f < values.length; f++) {
                        values[f] = value(in);
                    }
                    @SuppressWarnings("unchecked")
                    Map<String, Object> dynamic = (Map<String, Object>) value(in);
                    rows.add(new PreparedRow(values, dynamic, partition));
                }
                yield new JournalRecord.Write(upsert, rows);
            }
            case DELETE -> {
                int count = in.getInt();
                List<Object> keys = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    keys.add(value(in));
                }
                yield new JournalRecord.Delete(keys);
            }
            case CREATE_PARTITION -> new JournalRecord.CreatePartition(string(in));
            case DROP_PARTITION -> new JournalRecord.DropPartition(string(in));
            case CREATE_SCALAR_INDEX -> new JournalRecord.CreateScalarIndex(string(in));
            default -> throw new IllegalStateException("unknown journal record kind " + kind);
        };
        if (in.hasRemaining()) {
            throw new IllegalStateException("journal record of kind " + kind + " has " + in.remaining()
                    + " bytes left over");
        }
        return record;
    }

    private static Object value(ByteBuffer in) {
        int tag = in.get();
        return switch (tag) {
            case 0 -> null;
            case 1 -> false;
            case 2 -> true;
            case 3 -> in.getLong();
            case 4 -> in.getDouble();
            case 5 -> string(in);
            case 6 -> {
                float[] vector = new float[in.getInt()];
                in.asFloatBuffer().get(vector);
                in.position(in.position() + vector.length * Float.BYTES);
                yield vector;
            }
            case 7 -> {
                int n = in.getInt();
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(value(in));
                }
                yield Collections.unmodifiableList(list);
            }
            case 8 -> {
                int n = in.getInt();
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    map.put(string(in), value(in));
                }
                yield Collections.unmodifiableMap(map);
            }
            default -> throw new IllegalStateException("unknown value tag " + tag + " in a journal record");
        };
    }

    private static String string(ByteBuffer in) {
        byte[] bytes = new byte[in.getInt()];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A little-endian byte sink. */
    private static final class Out {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);

        Out u8(int v) {
            bytes.write(v);
            return this;
        }

        Out u32(int v) {
            bytes.write(scratch.clear().putInt(v).array(), 0, 4);
            return this;
        }

        Out i64(long v) {
            bytes.write(scratch.clear().putLong(v).array(), 0, 8);
            return this;
        }

        Out string(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            u32(utf8.length);
            bytes.write(utf8, 0, utf8.length);
            return this;
        }

        Out value(Object v) {
            switch (v) {
                case null -> u8(0);
                case Boolean b -> u8(b ? 2 : 1);
                case Long l -> u8(3).i64(l);
                case Double d -> u8(4).i64(Double.doubleToRawLongBits(d));
                case String s -> u8(5).string(s);
                case float[] vector -> {
                    u8(6).u32(vector.length);
                    ByteBuffer floats = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                    floats.asFloatBuffer().put(vector);
                    bytes.write(floats.array(), 0, floats.capacity());
                }
                case List<?> list -> {
                    u8(7).u32(list.size());
                    list.forEach(this::value);
                }
                case Map<?, ?> map -> {
                    u8(8).u32(map.size());
                    map.forEach((key, item) -> string((String) key).value(item));
                }
                default -> throw new IllegalArgumentException("no journal encoding for " + v.getClass());
            }
            return this;
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }
    }
}
