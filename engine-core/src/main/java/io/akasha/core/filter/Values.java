package io.akasha.core.filter;

import java.util.List;
import java.util.Map;

import io.akasha.core.filter.Token.Kind;
import io.akasha.core.segment.Segment;

/**
 * The value side of a compiled filter: expressions that produce a value per row, and the rules
 * for comparing and computing with values whose type is known only per row (JSON).
 *
 * <p>Values are the engine's stored forms: {@link Long}, {@link Double}, {@link String},
 * {@link Boolean}, {@link List}, {@link Map}, or null for "no value" (a null field, a missing
 * JSON key, a type that does not fit, a division by zero), which makes a condition unknown.
 */
final class Values {

    /** Returned by {@link #compare} when two values have no order. */
    static final int INCOMPARABLE = Integer.MIN_VALUE;

    private Values() {
    }

    /** An expression evaluated per row. */
    interface ValueExpr {
        Object value(Segment segment, int row);

        ValueKind kind();
    }

    record Constant(Object value, ValueKind kind) implements ValueExpr {
        @Override
        public Object value(Segment segment, int row) {
            return value;
        }
    }

    /** A declared scalar field. */
    record FieldValue(int field, String name, ValueKind kind) implements ValueExpr {
        @Override
        public Object value(Segment segment, int row) {
            return segment.column(field).get(row);
        }
    }

    /** A key of the dynamic field (JSON object of undeclared keys). */
    record DynamicValue() implements ValueExpr {
        @Override
        public Object value(Segment segment, int row) {
            return segment.dynamicColumn().get(row);
        }

        @Override
        public ValueKind kind() {
            return ValueKind.JSON;
        }
    }

    /** {@code base["a"][0]}: object keys and list indexes, null when the path does not exist. */
    record Path(ValueExpr base, List<Object> path, ValueKind kind) implements ValueExpr {
        @Override
        public Object value(Segment segment, int row) {
            Object current = base.value(segment, row);
            for (Object step : path) {
                if (step instanceof String key && current instanceof Map<?, ?> map) {
                    current = map.get(key);
                } else if (step instanceof Long index && current instanceof List<?> list
                        && index >= 0 && index < list.size()) {
                    current = list.get(index.intValue());
                } else {
                    return null;
                }
            }
            return current;
        }
    }

    record Arithmetic(Kind operator, ValueExpr left, ValueExpr right, ValueKind kind) implements ValueExpr {
        @Override
        public Object value(Segment segment, int row) {
            Object a = left.value(segment, row);
            if (!(a instanceof Number x)) {
                return null;
            }
            Object b = right.value(segment, row);
            if (!(b instanceof Number y)) {
                return null;
            }
            return arithmetic(operator, x, y);
        }
    }

    record Negation(ValueExpr operand, ValueKind kind) implements ValueExpr {
        @Override
        public Object value(Segment segment, int row) {
            return switch (operand.value(segment, row)) {
                case Long v -> -v;
                case Double v -> -v;
                case null, default -> null;
            };
        }
    }

    record ArrayLength(ValueExpr array) implements ValueExpr {
        @Override
        public Object value(Segment segment, int row) {
            return array.value(segment, row) instanceof List<?> list ? (Object) (long) list.size() : null;
        }

        @Override
        public ValueKind kind() {
            return ValueKind.INT;
        }
    }

    /**
     * Integer arithmetic when both sides are integers (64-bit, wrapping; division truncates),
     * double arithmetic otherwise; {@code **} is always double. Division or remainder by zero,
     * and a non-finite double result, give null (unknown).
     */
    static Object arithmetic(Kind operator, Number x, Number y) {
        if (x instanceof Long a && y instanceof Long b && operator != Kind.POWER) {
            return switch (operator) {
                case PLUS -> a + b;
                case MINUS -> a - b;
                case STAR -> a * b;
                case SLASH -> b == 0 ? null : a / b;
                case PERCENT -> b == 0 ? null : a % b;
                default -> throw new IllegalStateException("not arithmetic: " + operator);
            };
        }
        double a = x.doubleValue();
        double b = y.doubleValue();
        double r = switch (operator) {
            case PLUS -> a + b;
            case MINUS -> a - b;
            case STAR -> a * b;
            case SLASH -> b == 0 ? Double.NaN : a / b;
            case PERCENT -> b == 0 ? Double.NaN : a % b;
            case POWER -> Math.pow(a, b);
            default -> throw new IllegalStateException("not arithmetic: " + operator);
        };
        return Double.isFinite(r) ? r : null;
    }

    /**
     * The order of two non-null values: numbers by value (two integers exactly, otherwise as
     * doubles), strings by UTF-16 code units, booleans only for equality (false before true);
     * anything else is {@link #INCOMPARABLE}.
     */
    static int compare(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        if (a instanceof Number x && b instanceof Number y) {
            double p = x.doubleValue();
            double q = y.doubleValue();
            return p < q ? -1 : p > q ? 1 : 0;
        }
        if (a instanceof String x && b instanceof String y) {
            int c = x.compareTo(y);
            return Integer.signum(c);
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return Boolean.compare(x, y);
        }
        return INCOMPARABLE;
    }

    /** Whether two non-null values are equal under {@link #compare}. */
    static boolean equal(Object a, Object b) {
        return compare(a, b) == 0;
    }

    /** The truth of {@code a op b}: 1, 0, or -1 for unknown (a null side or no order). */
    static int compare(Kind operator, Object a, Object b) {
        if (a == null || b == null) {
            return -1;
        }
        int c = compare(a, b);
        if (c == INCOMPARABLE) {
            return -1;
        }
        if (a instanceof Boolean && operator != Kind.EQ && operator != Kind.NE) {
            return -1;
        }
        return holds(operator, c) ? 1 : 0;
    }

    /** Whether {@code a op b} holds, given {@code c}, the sign of comparing a with b. */
    static boolean holds(Kind operator, int c) {
        return switch (operator) {
            case EQ -> c == 0;
            case NE -> c != 0;
            case LT -> c < 0;
            case LE -> c <= 0;
            case GT -> c > 0;
            case GE -> c >= 0;
            default -> throw new IllegalStateException("not a comparison: " + operator);
        };
    }
}
