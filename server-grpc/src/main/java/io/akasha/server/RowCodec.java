package io.akasha.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.akasha.core.AkashaException;
import io.akasha.core.schema.CollectionSchema;
import io.akasha.core.schema.DataType;
import io.akasha.core.schema.Field;
import io.akasha.server.v1.BoolValues;
import io.akasha.server.v1.Column;
import io.akasha.server.v1.DoubleValues;
import io.akasha.server.v1.Ids;
import io.akasha.server.v1.Int64Values;
import io.akasha.server.v1.Rows;
import io.akasha.server.v1.StringValues;

/**
 * Rows between the API's columns ({@link Rows}) and the engine's row maps. INT8..INT64 travel as
 * int64, FLOAT and DOUBLE as double, JSON and ARRAY as JSON text, vectors as packed
 * little-endian float32. Shapes are checked here (every column as long as the row count, a
 * column's kind matching its field's type, vector bytes matching the dimension); values are
 * checked by the engine, which names the row and field.
 */
final class RowCodec {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private RowCodec() {
    }

    /** The API's rows as the engine's row maps (a null value where a column says null). */
    static List<Map<String, Object>> decode(Rows rows, CollectionSchema schema) {
        int count = rows.getCount();
        List<Map<String, Object>> maps = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            maps.add(new HashMap<>());
        }
        for (Column column : rows.getColumnsList()) {
            Field field = schema.field(column.getField()).orElse(null);
            List<?> values = values(column, field, count);
            if (column.getNullsCount() != 0 && column.getNullsCount() != count) {
                throw AkashaException.invalid("column '" + column.getField() + "': " + column.getNullsCount()
                        + " null flags for " + count + " rows");
            }
            for (int i = 0; i < count; i++) {
                boolean isNull = column.getNullsCount() != 0 && column.getNulls(i);
                maps.get(i).put(column.getField(), isNull ? null : values.get(i));
            }
        }
        if (rows.hasDynamic()) {
            StringValues dynamic = rows.getDynamic();
            checkCount("dynamic", dynamic.getValuesCount(), count);
            for (int i = 0; i < count; i++) {
                maps.get(i).putAll(parseObject(dynamic.getValues(i), "dynamic", i));
            }
        }
        return maps;
    }

    private static List<?> values(Column column, Field field, int count) {
        String name = column.getField();
        List<?> values = switch (column.getValuesCase()) {
            case INT64_VALUES -> column.getInt64Values().getValuesList();
            case DOUBLE_VALUES -> column.getDoubleValues().getValuesList();
            case BOOL_VALUES -> column.getBoolValues().getValuesList();
            case STRING_VALUES -> column.getStringValues().getValuesList();
            case JSON_VALUES -> parseAll(column.getJsonValues(), name);
            case FLOAT_VECTORS -> PackedVectors.unpack(column.getFloatVectors(), name);
            case VALUES_NOT_SET -> throw AkashaException.invalid("column '" + name + "' has no values");
        };
        checkCount("column '" + name + "'", values.size(), count);
        if (field != null && !accepts(field.type(), column.getValuesCase())) {
            throw AkashaException.invalid("column '" + name + "' carries " + column.getValuesCase().name().toLowerCase()
                    + " but field '" + name + "' is " + field.type() + " (" + expected(field.type()) + ")");
        }
        return values;
    }

    private static boolean accepts(DataType type, Column.ValuesCase kind) {
        return expectedCase(type) == kind;
    }

    private static Column.ValuesCase expectedCase(DataType type) {
        return switch (type) {
            case INT8, INT16, INT32, INT64 -> Column.ValuesCase.INT64_VALUES;
            case FLOAT, DOUBLE -> Column.ValuesCase.DOUBLE_VALUES;
            case BOOL -> Column.ValuesCase.BOOL_VALUES;
            case VARCHAR -> Column.ValuesCase.STRING_VALUES;
            case JSON, ARRAY -> Column.ValuesCase.JSON_VALUES;
            case FLOAT_VECTOR -> Column.ValuesCase.FLOAT_VECTORS;
        };
    }

    private static String expected(DataType type) {
        return "send " + expectedCase(type).name().toLowerCase();
    }

    /** The engine's row maps as the API's columns: declared fields by type, other keys in {@code dynamic}. */
    static Rows encode(List<Map<String, Object>> rows, CollectionSchema schema) {
        Set<String> names = new LinkedHashSet<>();
        rows.forEach(row -> names.addAll(row.keySet()));
        Rows.Builder out = Rows.newBuilder().setCount(rows.size());
        List<String> undeclared = new ArrayList<>();
        for (String name : names) {
            Field field = schema.field(name).orElse(null);
            if (field != null) {
                out.addColumns(column(name, field, rows));
            } else if (rows.stream().allMatch(row -> row.get(name) instanceof Long)) {
                out.addColumns(longs(name, rows)); // count(*)
            } else {
                undeclared.add(name);
            }
        }
        if (!undeclared.isEmpty()) {
            StringValues.Builder dynamic = StringValues.newBuilder();
            for (Map<String, Object> row : rows) {
                Map<String, Object> extra = new LinkedHashMap<>();
                undeclared.stream().filter(row::containsKey).forEach(key -> extra.put(key, row.get(key)));
                dynamic.addValues(json(extra));
            }
            out.setDynamic(dynamic);
        }
        return out.build();
    }

    private static Column column(String name, Field field, List<Map<String, Object>> rows) {
        Column.Builder column = Column.newBuilder().setField(name);
        boolean anyNull = rows.stream().anyMatch(row -> row.get(name) == null);
        if (anyNull) {
            rows.forEach(row -> column.addNulls(row.get(name) == null));
        }
        switch (field.type()) {
            case INT8, INT16, INT32, INT64 -> {
                Int64Values.Builder values = Int64Values.newBuilder();
                rows.forEach(row -> values.addValues(row.get(name) instanceof Number n ? n.longValue() : 0));
                column.setInt64Values(values);
            }
            case FLOAT, DOUBLE -> {
                DoubleValues.Builder values = DoubleValues.newBuilder();
                rows.forEach(row -> values.addValues(row.get(name) instanceof Number n ? n.doubleValue() : 0));
                column.setDoubleValues(values);
            }
            case BOOL -> {
                BoolValues.Builder values = BoolValues.newBuilder();
                rows.forEach(row -> values.addValues(Boolean.TRUE.equals(row.get(name))));
                column.setBoolValues(values);
            }
            case VARCHAR -> {
                StringValues.Builder values = StringValues.newBuilder();
                rows.forEach(row -> values.addValues(row.get(name) instanceof String s ? s : ""));
                column.setStringValues(values);
            }
            case JSON, ARRAY -> {
                StringValues.Builder values = StringValues.newBuilder();
                rows.forEach(row -> values.addValues(row.get(name) == null ? "null" : json(row.get(name))));
                column.setJsonValues(values);
            }
            case FLOAT_VECTOR -> {
                float[] zero = new float[field.dimension()];
                column.setFloatVectors(PackedVectors.pack(rows.stream()
                        .map(row -> row.get(name) instanceof float[] v ? v : zero).toList(), field.dimension()));
            }
        }
        return column.build();
    }

    private static Column longs(String name, List<Map<String, Object>> rows) {
        Int64Values.Builder values = Int64Values.newBuilder();
        rows.forEach(row -> values.addValues((Long) row.get(name)));
        return Column.newBuilder().setField(name).setInt64Values(values).build();
    }

    /** Primary keys from the API. */
    static List<Object> ids(Ids ids) {
        return switch (ids.getIdsCase()) {
            case INT64_IDS -> new ArrayList<>(ids.getInt64Ids().getValuesList());
            case STRING_IDS -> new ArrayList<>(ids.getStringIds().getValuesList());
            case IDS_NOT_SET -> throw AkashaException.invalid("no primary keys given (set int64_ids or string_ids)");
        };
    }

    /** Primary keys to the API, INT64 or VARCHAR by {@code key}'s type. */
    static Ids ids(List<?> keys, Field key) {
        if (key.type() == DataType.INT64) {
            Int64Values.Builder values = Int64Values.newBuilder();
            keys.forEach(id -> values.addValues(((Number) id).longValue()));
            return Ids.newBuilder().setInt64Ids(values).build();
        }
        StringValues.Builder values = StringValues.newBuilder();
        keys.forEach(id -> values.addValues((String) id));
        return Ids.newBuilder().setStringIds(values).build();
    }

    private static void checkCount(String what, int actual, int count) {
        if (actual != count) {
            throw AkashaException.invalid(what + " has " + actual + " values for " + count + " rows (rows.count)");
        }
    }

    private static List<Object> parseAll(StringValues values, String field) {
        List<Object> parsed = new ArrayList<>(values.getValuesCount());
        for (int i = 0; i < values.getValuesCount(); i++) {
            try {
                parsed.add(JSON.readValue(values.getValues(i), Object.class));
            } catch (JsonProcessingException e) {
                throw AkashaException.invalid("column '" + field + "', row " + i + ": not JSON: " + e.getOriginalMessage());
            }
        }
        return parsed;
    }

    private static Map<String, Object> parseObject(String text, String field, int row) {
        try {
            return JSON.readValue(text, OBJECT);
        } catch (JsonProcessingException e) {
            throw AkashaException.invalid(field + ", row " + row + ": not a JSON object: " + e.getOriginalMessage());
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored values are always JSON-writable", e);
        }
    }
}
