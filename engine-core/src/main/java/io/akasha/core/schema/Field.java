package io.akasha.core.schema;

import java.util.Objects;

import io.akasha.core.vector.Similarity;

/**
 * One field of a collection schema. Made with a factory such as {@link #int64} or
 * {@link #floatVector} and refined with the {@code with}-style methods, each of which returns a
 * new field; {@link CollectionSchema.Builder#build()} checks that the combination makes sense.
 *
 * @param name         the field's name: a letter or underscore, then letters, digits, underscores
 * @param type         the field's type
 * @param elementType  the element type of an {@link DataType#ARRAY}, null otherwise
 * @param maxLength    the longest {@link DataType#VARCHAR} (or VARCHAR array element) in UTF-8 bytes
 * @param maxCapacity  the most elements an {@link DataType#ARRAY} holds
 * @param dimension    the dimension of a {@link DataType#FLOAT_VECTOR}
 * @param metric       the metric of a vector field
 * @param index        how sealed segments index a vector field
 * @param nullable     whether rows may leave the field out (or give null) without a default
 * @param defaultValue the value stored when a row leaves the field out, null for none
 * @param primaryKey   whether this is the primary key ({@code INT64} or {@code VARCHAR})
 * @param autoId       whether the engine assigns primary keys (INT64 only)
 * @param partitionKey whether rows are hashed across partitions by this field's value
 */
public record Field(String name, DataType type, DataType elementType, int maxLength, int maxCapacity,
                    int dimension, Similarity metric, IndexSpec index, boolean nullable, Object defaultValue,
                    boolean primaryKey, boolean autoId, boolean partitionKey) {

    /** Milvus's limit on ARRAY capacity and VARCHAR length. */
    public static final int MAX_ARRAY_CAPACITY = 4096;
    public static final int MAX_VARCHAR_LENGTH = 65_535;
    public static final int MAX_DIMENSION = 32_768;

    public Field {
        Objects.requireNonNull(name, "field name");
        Objects.requireNonNull(type, "field type");
    }

    private static Field scalar(String name, DataType type) {
        return new Field(name, type, null, 0, 0, 0, null, null, false, null, false, false, false);
    }

    public static Field bool(String name) {
        return scalar(name, DataType.BOOL);
    }

    public static Field int8(String name) {
        return scalar(name, DataType.INT8);
    }

    public static Field int16(String name) {
        return scalar(name, DataType.INT16);
    }

    public static Field int32(String name) {
        return scalar(name, DataType.INT32);
    }

    public static Field int64(String name) {
        return scalar(name, DataType.INT64);
    }

    public static Field float32(String name) {
        return scalar(name, DataType.FLOAT);
    }

    public static Field float64(String name) {
        return scalar(name, DataType.DOUBLE);
    }

    public static Field varchar(String name, int maxLength) {
        return new Field(name, DataType.VARCHAR, null, maxLength, 0, 0, null, null, false, null, false, false,
                false);
    }

    public static Field json(String name) {
        return scalar(name, DataType.JSON);
    }

    /** An array of {@code elementType}; for VARCHAR elements also set {@link #withMaxLength}. */
    public static Field array(String name, DataType elementType, int maxCapacity) {
        return new Field(name, DataType.ARRAY, elementType, 0, maxCapacity, 0, null, null, false, null, false,
                false, false);
    }

    /** A float vector field, indexed with {@link IndexSpec#auto()} unless told otherwise. */
    public static Field floatVector(String name, int dimension, Similarity metric) {
        return new Field(name, DataType.FLOAT_VECTOR, null, 0, 0, dimension, metric, IndexSpec.auto(), false,
                null, false, false, false);
    }

    public Field asPrimaryKey() {
        return new Field(name, type, elementType, maxLength, maxCapacity, dimension, metric, index, nullable,
                defaultValue, true, autoId, partitionKey);
    }

    /** The primary key, with keys assigned by the engine. */
    public Field asAutoIdPrimaryKey() {
        return new Field(name, type, elementType, maxLength, maxCapacity, dimension, metric, index, nullable,
                defaultValue, true, true, partitionKey);
    }

    public Field asNullable() {
        return new Field(name, type, elementType, maxLength, maxCapacity, dimension, metric, index, true,
                defaultValue, primaryKey, autoId, partitionKey);
    }

    public Field withDefault(Object value) {
        return new Field(name, type, elementType, maxLength, maxCapacity, dimension, metric, index, nullable,
                value, primaryKey, autoId, partitionKey);
    }

    public Field asPartitionKey() {
        return new Field(name, type, elementType, maxLength, maxCapacity, dimension, metric, index, nullable,
                defaultValue, primaryKey, autoId, true);
    }

    public Field withMaxLength(int length) {
        return new Field(name, type, elementType, length, maxCapacity, dimension, metric, index, nullable,
                defaultValue, primaryKey, autoId, partitionKey);
    }

    public Field withIndex(IndexSpec spec) {
        return new Field(name, type, elementType, maxLength, maxCapacity, dimension, metric, spec, nullable,
                defaultValue, primaryKey, autoId, partitionKey);
    }

    public boolean isVector() {
        return type == DataType.FLOAT_VECTOR;
    }
}
