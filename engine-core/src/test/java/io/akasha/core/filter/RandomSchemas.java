package io.akasha.core.filter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import io.akasha.core.schema.CollectionSchema;
import io.akasha.core.schema.DataType;
import io.akasha.core.schema.Field;
import io.akasha.core.vector.Similarity;

/**
 * Random collection shapes and rows for property tests: a key {@code id}, a vector {@code v},
 * a random subset of scalar fields (one per kind, named by kind: {@code b i8 i32 i64 f d s j ai
 * as}), random nullability, and sometimes a dynamic field with keys {@code dk} and
 * {@code dflag}. Values come from small domains so that equality and membership often hold.
 */
final class RandomSchemas {

    static final String[] STRINGS = {"", "a", "ab", "abc", "b%", "ba", "x_y", "A"};
    static final Double[] FLOATS = {-2.5, -1.0, 0.0, 0.5, 1.0, 2.25, 3.75};
    static final Set<String> DYNAMIC_KEYS = Set.of("dk", "dflag");
    static final int DIM = 4;

    private static final Map<String, DataType> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("b", DataType.BOOL);
        KINDS.put("i8", DataType.INT8);
        KINDS.put("i32", DataType.INT32);
        KINDS.put("i64", DataType.INT64);
        KINDS.put("f", DataType.FLOAT);
        KINDS.put("d", DataType.DOUBLE);
        KINDS.put("s", DataType.VARCHAR);
        KINDS.put("j", DataType.JSON);
        KINDS.put("ai", DataType.ARRAY);
        KINDS.put("as", DataType.ARRAY);
    }

    /** Which fields a generated schema has. */
    record Shape(Set<String> fields, Set<String> nullable, boolean dynamic, Similarity metric) {

        boolean has(String name) {
            return fields.contains(name);
        }

        List<String> numericFields() {
            return fields.stream().filter(f -> KINDS.get(f).isNumeric()).toList();
        }

        List<String> arrayFields() {
            return fields.stream().filter(f -> f.startsWith("a")).toList();
        }

        List<String> scalarFields() {
            return List.copyOf(fields);
        }

        CollectionSchema schema() {
            CollectionSchema.Builder builder = CollectionSchema.builder()
                    .field(Field.int64("id").asPrimaryKey())
                    .field(Field.floatVector("v", DIM, metric));
            for (String name : fields) {
                DataType type = KINDS.get(name);
                Field field = switch (name) {
                    case "s" -> Field.varchar(name, 8);
                    case "ai" -> Field.array(name, DataType.INT64, 4);
                    case "as" -> Field.array(name, DataType.VARCHAR, 4).withMaxLength(8);
                    default -> new Field(name, type, null, 0, 0, 0, null, null, false, null, false, false, false);
                };
                builder.field(nullable.contains(name) ? field.asNullable() : field);
            }
            if (dynamic) {
                builder.enableDynamicField();
            }
            return builder.build();
        }
    }

    /** An input row for the engine and the same row as the reference sees it (stored forms). */
    record Row(Map<String, Object> input, Map<String, Object> reference, float[] vector) {
    }

    private RandomSchemas() {
    }

    static Shape shape(Random random) {
        Set<String> fields = new TreeSet<>();
        Set<String> nullable = new TreeSet<>();
        for (String name : KINDS.keySet()) {
            if (random.nextInt(3) > 0) {
                fields.add(name);
                if (random.nextInt(3) == 0) {
                    nullable.add(name);
                }
            }
        }
        Similarity metric = Similarity.values()[random.nextInt(3)];
        return new Shape(fields, nullable, random.nextInt(3) == 0, metric);
    }

    static Row row(Random random, Shape shape, long id) {
        Map<String, Object> input = new HashMap<>();
        Map<String, Object> reference = new HashMap<>();
        float[] vector = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            vector[i] = random.nextFloat() * 2 - 1;
        }
        input.put("id", id);
        input.put("v", vector);
        reference.put("id", id);
        for (String name : shape.fields()) {
            if (shape.nullable().contains(name) && random.nextInt(5) == 0) {
                if (random.nextBoolean()) {
                    input.put(name, null);
                }
                continue;
            }
            Object value = switch (name) {
                case "b" -> random.nextBoolean();
                case "i8", "i32", "i64" -> (long) random.nextInt(-5, 6);
                case "f", "d" -> FLOATS[random.nextInt(FLOATS.length)];
                case "s" -> STRINGS[random.nextInt(STRINGS.length)];
                case "j" -> json(random);
                case "ai" -> longs(random);
                default -> strings(random);
            };
            input.put(name, name.equals("i32") ? (Object) ((Long) value).intValue() : value);
            reference.put(name, value);
        }
        if (shape.dynamic()) {
            Map<String, Object> meta = new HashMap<>();
            if (random.nextInt(4) > 0) {
                Object dk = random.nextBoolean() ? (Object) (long) random.nextInt(-5, 6) : STRINGS[random.nextInt(STRINGS.length)];
                meta.put("dk", dk);
            }
            if (random.nextBoolean()) {
                meta.put("dflag", random.nextBoolean());
            }
            input.putAll(meta);
            reference.put("$meta", meta.isEmpty() ? null : meta);
        }
        return new Row(input, reference, vector);
    }

    private static Object json(Random random) {
        if (random.nextInt(8) == 0) {
            return random.nextBoolean() ? (Object) longs(random) : (Object) 7L;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        switch (random.nextInt(5)) {
            case 0 -> map.put("a", (long) random.nextInt(-5, 6));
            case 1 -> map.put("a", STRINGS[random.nextInt(STRINGS.length)]);
            case 2 -> map.put("a", FLOATS[random.nextInt(FLOATS.length)]);
            case 3 -> map.put("a", random.nextBoolean());
            default -> { }
        }
        if (random.nextBoolean()) {
            map.put("b", random.nextBoolean() ? Map.of("c", (long) random.nextInt(-5, 6)) : Map.of());
        }
        if (random.nextBoolean()) {
            map.put("arr", longs(random));
        }
        if (random.nextBoolean()) {
            map.put("flag", random.nextBoolean());
        }
        return map;
    }

    private static List<Object> longs(Random random) {
        List<Object> out = new ArrayList<>();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            out.add((long) random.nextInt(-3, 4));
        }
        return out;
    }

    private static List<Object> strings(Random random) {
        List<Object> out = new ArrayList<>();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            out.add(STRINGS[random.nextInt(STRINGS.length)]);
        }
        return out;
    }
}
