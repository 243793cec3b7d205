package io.akasha.core.collection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.akasha.core.AkashaException;
import io.akasha.core.schema.CollectionSchema;
import io.akasha.core.schema.DataType;
import io.akasha.core.schema.Field;
import io.akasha.core.schema.ValueConverter;

/**
 * Checks a whole batch of input rows against the schema before any of it is written: types,
 * dimensions, finiteness, lengths, missing and undeclared fields, and duplicate primary keys
 * within the batch. Errors name the row (0-based, in input order) and the field.
 */
final class RowPreparer {

    private final CollectionSchema schema;
    private final int keyField;

    RowPreparer(CollectionSchema schema) {
        this.schema = schema;
        this.keyField = schema.fields().indexOf(schema.primaryKey());
    }

    /**
     * Prepares every row, or throws for the first bad one. Rows of an auto-id collection get
     * null keys here when inserted ({@link #assignKeys} fills them in under the write lock).
     *
     * @param upsert    whether the batch replaces rows (then the key is required even with auto ids)
     * @param partition the target partition, or null to route by partition key or to the default
     */
    List<PreparedRow> prepare(List<Map<String, Object>> rows, boolean upsert, String partition) {
        if (rows == null || rows.isEmpty()) {
            throw AkashaException.invalid("the batch has no rows");
        }
        if (rows.size() > Limits.MAX_BATCH_ROWS) {
            throw new AkashaException(AkashaException.ErrorCode.RESOURCE_EXHAUSTED, "the batch has " + rows.size()
                    + " rows; the limit is " + Limits.MAX_BATCH_ROWS + " per call");
        }
        List<PreparedRow> prepared = new ArrayList<>(rows.size());
        Map<Object, Integer> keys = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            PreparedRow row;
            try {
                row = prepareRow(rows.get(i), upsert, partition);
            } catch (AkashaException e) {
                throw new AkashaException(e.code(), "row " + i + ": " + e.getMessage(), e);
            }
            Object key = row.values()[keyField];
            if (key != null) {
                Integer earlier = keys.putIfAbsent(key, i);
                if (earlier != null) {
                    throw AkashaException.invalid("rows " + earlier + " and " + i + " have the same primary key "
                            + key + "; a batch may hold each key once");
                }
            }
            prepared.add(row);
        }
        return prepared;
    }

    private PreparedRow prepareRow(Map<String, Object> row, boolean upsert, String partition) {
        if (row == null) {
            throw AkashaException.invalid("the row is null");
        }
        List<Field> fields = schema.fields();
        Object[] values = new Object[fields.size()];
        for (int f = 0; f < fields.size(); f++) {
            Field field = fields.get(f);
            Object given = row.get(field.name());
            boolean present = row.containsKey(field.name()) && given != null;
            if (field.primaryKey() && field.autoId() && !upsert) {
                if (present) {
                    throw AkashaException.invalid("field '" + field.name()
                            + "' is an auto-id primary key: the engine assigns it, so leave it out");
                }
                continue;
            }
            if (field.isVector()) {
                values[f] = ValueConverter.vector(field, given);
            } else if (present) {
                values[f] = ValueConverter.scalar(field, given);
            } else if (field.defaultValue() != null) {
                values[f] = ValueConverter.scalar(field, field.defaultValue());
            } else if (!field.nullable()) {
                throw AkashaException.invalid("field '" + field.name() + "' is missing"
                        + (field.primaryKey() ? " (the primary key)" : " (it is not nullable and has no default)"));
            }
        }
        Map<String, Object> dynamic = null;
        for (Map.Entry<String, Object> entry : row.entrySet()) {
            String key = entry.getKey();
            if (schema.field(key).isPresent()) {
                continue;
            }
            if (!schema.dynamicField() || key == null || key.equals(CollectionSchema.DYNAMIC_FIELD)) {
                throw AkashaException.invalid("field '" + key + "' is not in the schema"
                        + (schema.dynamicField() ? " ('$meta' is reserved)" : " and the collection has no dynamic field"));
            }
            if (dynamic == null) {
                dynamic = new LinkedHashMap<>();
            }
            dynamic.put(key, ValueConverter.json(entry.getValue(), "dynamic field '" + key + "'"));
        }
        return new PreparedRow(values, dynamic == null ? null : java.util.Collections.unmodifiableMap(dynamic),
                partitionOf(values, partition));
    }

    private String partitionOf(Object[] values, String partition) {
        Field partitionKey = schema.partitionKey().orElse(null);
        if (partitionKey == null) {
            return partition == null ? Partitions.DEFAULT : partition;
        }
        Object key = values[schema.fields().indexOf(partitionKey)];
        return Partitions.forKey(key, schema.partitionKeyPartitions());
    }

    /** The key field's value type, to check ids given to get and delete. */
    Object normalizeKey(Object id) {
        Field key = schema.primaryKey();
        if (key.type() == DataType.INT64 && (id instanceof Long || id instanceof Integer || id instanceof Short
                || id instanceof Byte)) {
            return ((Number) id).longValue();
        }
        if (key.type() == DataType.VARCHAR && id instanceof String) {
            return id;
        }
        throw AkashaException.invalid("primary key '" + key.name() + "' is " + key.type() + ", got "
                + ValueConverter.describe(id));
    }

    int keyField() {
        return keyField;
    }
}
