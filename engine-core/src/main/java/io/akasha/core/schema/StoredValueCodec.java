package io.akasha.core.schema;

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
 * The bytes of a stored value ({@link ValueConverter}'s forms), little-endian; shared by the
 * write-ahead log records and the variable-length columns of sealed segment files.
 *
 * <pre>
 * value    := tag:u8 ...
 *   0 null   1 false   2 true   3 int64   4 float64   5 string
 *   6 float32 vector: n:u32 n*f32   7 list: n:u32 value*   8 map: n:u32 (string value)*
 * string   := bytes:u32 UTF-8
 * </pre>
 *
 * Decoding returns the stored forms again: Long, Double, String, float[], unmodifiable lists and
 * maps (insertion order kept).
 */
public final class StoredValueCodec {

    private StoredValueCodec() {
    }

    /** Reads one value at the buffer's position (little-endian order is set on it). */
    public static Object read(ByteBuffer in) {
        in.order(ByteOrder.LITTLE_ENDIAN);
        int tag = in.get();
        return switch (tag) {
            case 0 -> null;
            case 1 -> false;
            case 2 -> true;
            case 3 -> in.getLong();
            case 4 -> in.getDouble();
            case 5 -> readString(in);
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
                    list.add(read(in));
                }
                yield Collections.unmodifiableList(list);
            }
            case 8 -> {
                int n = in.getInt();
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    map.put(readString(in), read(in));
                }
                yield Collections.unmodifiableMap(map);
            }
            default -> throw new IllegalStateException("unknown stored value tag " + tag + " at byte "
                    + (in.position() - 1));
        };
    }

    public static String readString(ByteBuffer in) {
        byte[] bytes = new byte[in.order(ByteOrder.LITTLE_ENDIAN).getInt()];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A little-endian byte sink for values and the framing around them. */
    public static final class Out {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);

        public Out u8(int v) {
            bytes.write(v);
            return this;
        }

        public Out u32(int v) {
            bytes.write(scratch.clear().putInt(v).array(), 0, 4);
            return this;
        }

        public Out i64(long v) {
            bytes.write(scratch.clear().putLong(v).array(), 0, 8);
            return this;
        }

        public Out string(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            u32(utf8.length);
            bytes.write(utf8, 0, utf8.length);
            return this;
        }

        public Out value(Object v) {
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
                default -> throw new IllegalArgumentException("no stored encoding for " + v.getClass());
            }
            return this;
        }

        /** Bytes written so far. */
        public int size() {
            return bytes.size();
        }

        public byte[] bytes() {
            return bytes.toByteArray();
        }

        /** Forgets what was written, keeping the buffer. */
        public void reset() {
            bytes.reset();
        }
    }
}
