package io.akasha.core.schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.akasha.core.AkashaException;

/**
 * The fields of a collection: one primary key, one or more float vector fields, any number of
 * scalar fields, and optionally a dynamic field that keeps keys the schema does not declare (as
 * JSON, filterable as {@code $meta["key"]} or plainly by the key's name). Immutable; made with
 * {@link #builder()}, which rejects every inconsistent combination with a message naming the
 * field.
 */
public final class CollectionSchema {

    /** The dynamic field's name in filters and results, as in Milvus. */
    public static final String DYNAMIC_FIELD = "$meta";
    /** Partitions a partition-key collection hashes rows across unless told otherwise (Milvus's default). */
    public static final int DEFAULT_PARTITION_KEY_PARTITIONS = 16;
    public static final int MAX_PARTITION_KEY_PARTITIONS = 1024;

    private final List<Field> fields;
    private final Map<String, Field> byName;
    private final Field primaryKey;
    private final Field partitionKey;
    private final List<Field> vectorFields;
    private final boolean dynamicField;
    private final int partitionKeyPartitions;

    private CollectionSchema(List<Field> fields, boolean dynamicField, int partitionKeyPartitions) {
        this.fields = List.copyOf(fields);
        Map<String, Field> names = new LinkedHashMap<>();
        fields.forEach(f -> names.put(f.name(), f));
        this.byName = Collections.unmodifiableMap(names);
        this.primaryKey = fields.stream().filter(Field::primaryKey).findFirst().orElseThrow();
        this.partitionKey = fields.stream().filter(Field::partitionKey).findFirst().orElse(null);
        this.vectorFields = fields.stream().filter(Field::isVector).toList();
        this.dynamicField = dynamicField;
        this.partitionKeyPartitions = partitionKeyPartitions;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every field in declaration order. */
    public List<Field> fields() {
        return fields;
    }

    public Optional<Field> field(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Field primaryKey() {
        return primaryKey;
    }

    public Optional<Field> partitionKey() {
        return Optional.ofNullable(partitionKey);
    }

    public List<Field> vectorFields() {
        return vectorFields;
    }

    public boolean dynamicField() {
        return dynamicField;
    }

    /** How many partitions a partition-key field hashes rows across (0 without a partition key). */
    public int partitionKeyPartitions() {
        return partitionKey == null ? 0 : partitionKeyPartitions;
    }

    /**
     * The vector field called {@code fieldName}.
     *
     * @throws AkashaException INVALID_ARGUMENT if there is no such field or it is not a vector field
     */
    public Field vectorField(String fieldName) {
        Field field = byName.get(fieldName);
        if (field == null) {
            throw AkashaException.invalid("no field '" + fieldName + "' in the schema (fields: " + byName.keySet() + ")");
        }
        if (!field.isVector()) {
            throw AkashaException.invalid("field '" + fieldName + "' is " + field.type()
                    + "; vector indexes are for FLOAT_VECTOR fields (scalar fields take a scalar index)");
        }
        return field;
    }

    /**
     * This schema with vector field {@code fieldName} indexed as {@code spec} instead; nothing
     * else changes, so rows, filters and field positions mean the same under both.
     *
     * @throws AkashaException INVALID_ARGUMENT if there is no such field or it is not a vector field
     */
    public CollectionSchema withIndex(String fieldName, IndexSpec spec) {
        Field field = vectorField(fieldName);
        List<Field> changed = new ArrayList<>(fields);
        changed.set(fields.indexOf(field), field.withIndex(spec));
        return new CollectionSchema(changed, dynamicField, partitionKeyPartitions);
    }

    @Override
    public String toString() {
        return "CollectionSchema" + fields + (dynamicField ? " + dynamic field" : "");
    }

    /** Collects fields; {@link #build()} validates them together. */
    public static final class Builder {
        private final List<Field> fields = new ArrayList<>();
        private boolean dynamicField;
        private int partitionKeyPartitions = DEFAULT_PARTITION_KEY_PARTITIONS;

        private Builder() {
        }

        public Builder field(Field field) {
            fields.add(field);
            return this;
        }

        /** Keeps keys the schema does not declare, as JSON in the dynamic field. */
        public Builder enableDynamicField() {
            dynamicField = true;
            return this;
        }

        /** How many partitions the partition-key field hashes across. */
        public Builder partitionKeyPartitions(int count) {
            partitionKeyPartitions = count;
            return this;
        }

        public CollectionSchema build() {
            Map<String, Field> seen = new LinkedHashMap<>();
            for (Field field : fields) {
                Names.check("field", field.name());
                if (seen.put(field.name(), field) != null) {
                    throw AkashaException.invalid("field '" + field.name() + "' is declared twice");
                }
                checkField(field);
            }
            List<Field> keys = fields.stream().filter(Field::primaryKey).toList();
            if (keys.size() != 1) {
                throw AkashaException.invalid("a schema needs exactly one primary key field, found " + keys.size()
                        + (keys.isEmpty() ? "" : ": " + keys.stream().map(Field::name).toList()));
            }
            if (fields.stream().noneMatch(Field::isVector)) {
                throw AkashaException.invalid("a schema needs at least one FLOAT_VECTOR field");
            }
            List<Field> partitionKeys = fields.stream().filter(Field::partitionKey).toList();
            if (partitionKeys.size() > 1) {
                throw AkashaException.invalid("a schema may have one partition key field, found "
                        + partitionKeys.stream().map(Field::name).toList());
            }
            if (!partitionKeys.isEmpty()
                    && (partitionKeyPartitions < 1 || partitionKeyPartitions > MAX_PARTITION_KEY_PARTITIONS)) {
                throw AkashaException.invalid("partition key partitions must be in 1.."
                        + MAX_PARTITION_KEY_PARTITIONS + ", got " + partitionKeyPartitions);
            }
            return new CollectionSchema(fields, dynamicField, partitionKeyPartitions);
        }

        private static void checkField(Field f) {
            String where = "field '" + f.name() + "'";
            DataType type = f.type();
            if (f.primaryKey()) {
                if (type != DataType.INT64 && type != DataType.VARCHAR) {
                    throw AkashaException.invalid(where + ": a primary key must be INT64 or VARCHAR, not " + type);
                }
                if (f.nullable() || f.defaultValue() != null) {
                    throw AkashaException.invalid(where + ": a primary key cannot be nullable or have a default");
                }
                if (f.autoId() && type != DataType.INT64) {
                    throw AkashaException.invalid(where + ": auto ids are INT64; a VARCHAR key must be given");
                }
            }
            if (f.partitionKey()) {
                if (f.primaryKey() || (type != DataType.INT64 && type != DataType.VARCHAR)) {
                    throw AkashaException.invalid(where
                            + ": a partition key must be a non-primary INT64 or VARCHAR field");
                }
                if (f.nullable()) {
                    throw AkashaException.invalid(where + ": a partition key cannot be nullable");
                }
            }
            switch (type) {
                case VARCHAR -> checkMaxLength(where, f.maxLength());
                case ARRAY -> {
                    if (f.elementType() == null || !f.elementType().isArrayElement()) {
                        throw AkashaException.invalid(where + ": an ARRAY holds BOOL, integer, FLOAT, DOUBLE or "
                                + "VARCHAR elements, not " + f.elementType());
                    }
                    if (f.maxCapacity() < 1 || f.maxCapacity() > Field.MAX_ARRAY_CAPACITY) {
                        throw AkashaException.invalid(where + ": max capacity must be in 1.."
                                + Field.MAX_ARRAY_CAPACITY + ", got " + f.maxCapacity());
                    }
                    if (f.elementType() == DataType.VARCHAR) {
                        checkMaxLength(where + " (its VARCHAR elements)", f.maxLength());
                    }
                }
                case FLOAT_VECTOR -> {
                    if (f.dimension() < 1 || f.dimension() > Field.MAX_DIMENSION) {
                        throw AkashaException.invalid(where + ": dimension must be in 1.." + Field.MAX_DIMENSION
                                + ", got " + f.dimension());
                    }
                    if (f.metric() == null) {
                        throw AkashaException.invalid(where + ": a vector field needs a metric (L2, IP or COSINE)");
                    }
                    if (f.nullable() || f.defaultValue() != null) {
                        throw AkashaException.invalid(where + ": a vector field cannot be nullable or have a default");
                    }
                    if (f.index() == null) {
                        throw AkashaException.invalid(where + ": a vector field needs an index spec");
                    }
                }
                default -> { }
            }
            if (f.defaultValue() != null) {
                if (type == DataType.JSON || type == DataType.ARRAY) {
                    throw AkashaException.invalid(where + ": " + type + " fields cannot have a default value");
                }
                ValueConverter.scalar(f, f.defaultValue());
            }
        }

        private static void checkMaxLength(String where, int maxLength) {
            if (maxLength < 1 || maxLength > Field.MAX_VARCHAR_LENGTH) {
                throw AkashaException.invalid(where + ": max length must be in 1.." + Field.MAX_VARCHAR_LENGTH
                        + ", got " + maxLength);
            }
        }
    }
}
