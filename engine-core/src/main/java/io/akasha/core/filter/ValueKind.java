package io.akasha.core.filter;

/** The static type of a value in a filter, used to reject expressions that cannot make sense. */
enum ValueKind {
    BOOL, INT, FLOAT, STRING, ARRAY,
    /** A JSON value (or a key of the dynamic field): its type is known only per row. */
    JSON;

    boolean numeric() {
        return this == INT || this == FLOAT;
    }

    /** Whether a value of this kind may be compared with one of {@code other}. */
    boolean comparableWith(ValueKind other) {
        if (this == JSON || other == JSON) {
            return this != ARRAY && other != ARRAY;
        }
        return (numeric() && other.numeric()) || (this == other && this != ARRAY);
    }

    String describe() {
        return switch (this) {
            case BOOL -> "a boolean";
            case INT -> "an integer";
            case FLOAT -> "a floating-point number";
            case STRING -> "a string";
            case ARRAY -> "an array";
            case JSON -> "a JSON value";
        };
    }
}
