package io.akasha.core.schema;

/** The type of a field, named as in Milvus. */
public enum DataType {
    BOOL,
    INT8(Byte.MIN_VALUE, Byte.MAX_VALUE),
    INT16(Short.MIN_VALUE, Short.MAX_VALUE),
    INT32(Integer.MIN_VALUE, Integer.MAX_VALUE),
    INT64(Long.MIN_VALUE, Long.MAX_VALUE),
    FLOAT,
    DOUBLE,
    /** A string of at most the field's max length, counted in UTF-8 bytes as Milvus does. */
    VARCHAR,
    /** Any JSON value: object, array, string, number, boolean. */
    JSON,
    /** A list of scalars of the field's element type, at most the field's max capacity long. */
    ARRAY,
    /** A float32 vector of the field's dimension. */
    FLOAT_VECTOR;

    private final long min;
    private final long max;

    DataType() {
        this(0, -1);
    }

    DataType(long min, long max) {
        this.min = min;
        this.max = max;
    }

    public boolean isInteger() {
        return min <= max;
    }

    public boolean isFloatingPoint() {
        return this == FLOAT || this == DOUBLE;
    }

    public boolean isNumeric() {
        return isInteger() || isFloatingPoint();
    }

    /** Whether an {@link #ARRAY} may hold elements of this type. */
    public boolean isArrayElement() {
        return this == BOOL || isNumeric() || this == VARCHAR;
    }

    /** The smallest value an integer type holds. */
    public long minValue() {
        return min;
    }

    /** The largest value an integer type holds. */
    public long maxValue() {
        return max;
    }
}
