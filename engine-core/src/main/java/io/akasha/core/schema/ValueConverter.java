package io.akasha.core.schema;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.akasha.core.AkashaException;
import io.akasha.core.vector.Similarity;

/**
 * Checks a value given for a field and turns it into the one form the engine stores, so that
 * the rest of the engine never sees a second representation:
 * integers (all widths) as {@link Long}, {@code FLOAT} and {@code DOUBLE} as {@link Double}
 * (a FLOAT rounded to float first), strings as {@link String}, booleans as {@link Boolean},
 * arrays as unmodifiable lists of those, and JSON as unmodifiable maps and lists of
 * {@code String}, {@code Long}, {@code Double}, {@code Boolean} and null. Vectors become a
 * private {@code float[]} copy.
 *
 * <p>Every rejection names the field, the expected type and the value received.
 */
public final class ValueConverter {

    private ValueConverter() {
    }

    /** The stored form of a non-null value for a scalar (non-vector) field. */
    public static Object scalar(Field field, Object value) {
        String where = "field '" + field.name() + "'";
        return switch (field.type()) {
            case ARRAY -> array(field, value, where);
            case JSON -> json(value, where);
            case FLOAT_VECTOR -> throw new IllegalArgumentException(where + " is a vector field");
            default -> element(field.type(), field.maxLength(), value, where);
        };
    }

    private static Object element(DataType type, int maxLength, Object value, String where) {
        return switch (type) {
            case BOOL -> {
                if (value instanceof Boolean b) {
                    yield b;
                }
                throw mismatch(where, type, value);
            }
            case INT8, INT16, INT32, INT64 -> {
                long v = integral(value, type, where);
                if (v < type.minValue() || v > type.maxValue()) {
                    throw AkashaException.invalid(where + ": " + v + " is out of range for " + type + " ("
                            + type.minValue() + ".." + type.maxValue() + ")");
                }
                yield v;
            }
            case FLOAT, DOUBLE -> {
                if (!(value instanceof Number n)) {
                    throw mismatch(where, type, value);
                }
                double v = n.doubleValue();
                if (!Double.isFinite(v)) {
                    throw AkashaException.invalid(where + ": " + v + " is not a finite number");
                }
                if (type == DataType.FLOAT) {
                    float f = (float) v;
                    if (Float.isInfinite(f)) {
                        throw AkashaException.invalid(where + ": " + v + " is out of range for FLOAT");
                    }
                    yield (double) f;
                }
                yield v;
            }
            case VARCHAR -> {
                if (!(value instanceof String s)) {
                    throw mismatch(where, type, value);
                }
                int bytes = utf8Length(s, maxLength);
                if (bytes > maxLength) {
                    throw AkashaException.invalid(where + ": the string is longer than the max length "
                            + maxLength + " (UTF-8 bytes)");
                }
                yield s;
            }
            default -> throw new IllegalStateException("not an element type: " + type);
        };
    }

    private static long integral(Object value, DataType type, String where) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big && big.bitLength() < 64) {
            return big.longValue();
        }
        if (value instanceof BigInteger big) {
            throw AkashaException.invalid(where + ": " + big + " is out of range for " + type);
        }
        throw mismatch(where, type, value);
    }

    private static List<Object> array(Field field, Object value, String where) {
        List<?> items = asList(value);
        if (items == null) {
            throw mismatch(where, DataType.ARRAY, value);
        }
        if (items.size() > field.maxCapacity()) {
            throw AkashaException.invalid(where + ": " + items.size() + " elements exceed the max capacity "
                    + field.maxCapacity());
        }
        List<Object> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            String at = where + " element " + i;
            if (item == null) {
                throw AkashaException.invalid(at + ": array elements cannot be null");
            }
            out.add(element(field.elementType(), field.maxLength(), item, at));
        }
        return Collections.unmodifiableList(out);
    }

    /** The stored form of a JSON value (null stays null: JSON null inside a document). */
    public static Object json(Object value, String where) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big && big.bitLength() < 64) {
            return big.longValue();
        }
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            double v = ((Number) value).doubleValue();
            if (!Double.isFinite(v)) {
                throw AkashaException.invalid(where + ": JSON numbers must be finite, got " + value);
            }
            return v;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    throw AkashaException.invalid(where + ": JSON object keys must be strings, got "
                            + describe(entry.getKey()));
                }
                out.put(key, json(entry.getValue(), where + "[\"" + key + "\"]"));
            }
            return Collections.unmodifiableMap(out);
        }
        List<?> items = asList(value);
        if (items != null && !(value instanceof float[])) {
            List<Object> out = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                out.add(json(items.get(i), where + "[" + i + "]"));
            }
            return Collections.unmodifiableList(out);
        }
        throw AkashaException.invalid(where + ": expected a JSON value (map, list, string, number, boolean), got "
                + describe(value));
    }

    /** A private copy of a vector for {@code field}, checked for dimension and finiteness. */
    public static float[] vector(Field field, Object value) {
        String where = "field '" + field.name() + "'";
        float[] vector = switch (value) {
            case float[] floats -> floats.clone();
            case double[] doubles -> {
                float[] out = new float[doubles.length];
                for (int i = 0; i < doubles.length; i++) {
                    out[i] = (float) doubles[i];
                }
                yield out;
            }
            case List<?> list -> {
                float[] out = new float[list.size()];
                for (int i = 0; i < out.length; i++) {
                    if (!(list.get(i) instanceof Number n)) {
                        throw AkashaException.invalid(where + ": vector component " + i + " is "
                                + describe(list.get(i)) + ", not a number");
                    }
                    out[i] = n.floatValue();
                }
                yield out;
            }
            case null -> throw AkashaException.invalid(where + ": a vector is required");
            default -> throw AkashaException.invalid(where + ": expected a float vector (float[] or a list of "
                    + "numbers), got " + describe(value));
        };
        checkVector(where, vector, field.dimension(), field.metric());
        return vector;
    }

    /** Checks a vector's dimension, finiteness and (for COSINE) that it is not zero. */
    public static void checkVector(String where, float[] vector, int dimension, Similarity metric) {
        if (vector.length != dimension) {
            throw AkashaException.invalid(where + ": expected a vector of dimension " + dimension + ", got "
                    + vector.length);
        }
        boolean zero = true;
        for (int i = 0; i < vector.length; i++) {
            if (!Float.isFinite(vector[i])) {
                throw AkashaException.invalid(where + ": vector component " + i + " is " + vector[i]
                        + "; components must be finite");
            }
            zero &= vector[i] == 0;
        }
        if (zero && metric == Similarity.COSINE) {
            throw AkashaException.invalid(where + ": a zero vector has no direction, so COSINE is undefined for it");
        }
    }

    /** What the API returns for a stored value: INT8..INT32 as Integer, FLOAT as Float. */
    public static Object output(Field field, Object stored) {
        if (stored == null) {
            return null;
        }
        return switch (field.type()) {
            case ARRAY -> {
                DataType element = field.elementType();
                if (element != DataType.FLOAT && !(element.isInteger() && element != DataType.INT64)) {
                    yield stored;
                }
                List<Object> out = new ArrayList<>();
                for (Object item : (List<?>) stored) {
                    out.add(outputElement(element, item));
                }
                yield Collections.unmodifiableList(out);
            }
            case FLOAT_VECTOR -> ((float[]) stored).clone();
            default -> outputElement(field.type(), stored);
        };
    }

    private static Object outputElement(DataType type, Object stored) {
        return switch (type) {
            case INT8, INT16, INT32 -> ((Long) stored).intValue();
            case FLOAT -> ((Double) stored).floatValue();
            default -> stored;
        };
    }

    private static List<?> asList(Object value) {
        if (value instanceof List<?> list) {
            return list;
        }
        if (value != null && value.getClass().isArray()) {
            int n = Array.getLength(value);
            List<Object> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(Array.get(value, i));
            }
            return out;
        }
        return null;
    }

    private static int utf8Length(String s, int stopAfter) {
        if (s.length() * 3L <= stopAfter) {
            return s.length();
        }
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static AkashaException mismatch(String where, DataType expected, Object value) {
        return AkashaException.invalid(where + ": expected " + expected + ", got " + describe(value));
    }

    /** A value's type and (short) text, for error messages. */
    public static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value.getClass().isArray() ? value.getClass().getComponentType().getSimpleName() + "["
                + Array.getLength(value) + "]" : String.valueOf(value);
        if (text.length() > 60) {
            text = text.substring(0, 57) + "...";
        }
        return value.getClass().getSimpleName() + " " + (value instanceof String ? "\"" + text + "\"" : text);
    }
}
