package io.akasha.core.filter;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.roaringbitmap.BitSetUtil;
import org.roaringbitmap.PeekableIntIterator;
import org.roaringbitmap.RoaringBitmap;
import org.roaringbitmap.RoaringBitmapWriter;

import io.akasha.core.filter.Token.Kind;
import io.akasha.core.filter.Values.ValueExpr;
import io.akasha.core.segment.Column;
import io.akasha.core.segment.DoubleColumn;
import io.akasha.core.segment.LongColumn;
import io.akasha.core.segment.ScalarIndex;
import io.akasha.core.segment.Segment;

/**
 * The condition side of a compiled filter. Negations are pushed down to the leaves when the
 * filter is compiled, so that every leaf knows whether it keeps the rows where it is true or
 * the rows where it is false: rows where it is <em>unknown</em> (a null operand) are kept by
 * neither, which is SQL's three-valued logic.
 */
final class Conditions {

    static final int TRUE = 1;
    static final int FALSE = 0;
    static final int UNKNOWN = -1;

    private Conditions() {
    }

    /** A condition evaluated over a set of candidate rows of a segment. */
    interface Cond {
        /** The candidates for which the condition holds. Never modifies {@code candidates}. */
        RoaringBitmap evaluate(Segment segment, RoaringBitmap candidates);
    }

    /** Every operand holds: each narrows the candidates of the next. */
    record AllOf(List<Cond> operands) implements Cond {
        @Override
        public RoaringBitmap evaluate(Segment segment, RoaringBitmap candidates) {
            RoaringBitmap rows = candidates;
            for (Cond operand : operands) {
                if (rows.isEmpty()) {
                    break;
                }
                rows = operand.evaluate(segment, rows);
            }
            return rows == candidates ? candidates.clone() : rows;
        }
    }

    /** Some operand holds: each is tried only on the rows no earlier one took. */
    record AnyOf(List<Cond> operands) implements Cond {
        @Override
        public RoaringBitmap evaluate(Segment segment, RoaringBitmap candidates) {
            RoaringBitmap taken = new RoaringBitmap();
            RoaringBitmap rest = candidates;
            for (Cond operand : operands) {
                if (rest.isEmpty()) {
                    break;
                }
                RoaringBitmap hits = operand.evaluate(segment, rest);
                taken.or(hits);
                rest = RoaringBitmap.andNot(rest, hits);
            }
            return taken;
        }
    }

    /** A leaf tested row by row; keeps rows where its truth is TRUE (or FALSE when negated). */
    abstract static class RowCond implements Cond {
        final boolean negated;

        RowCond(boolean negated) {
            this.negated = negated;
        }

        abstract int truth(Segment segment, int row);

        @Override
        public RoaringBitmap evaluate(Segment segment, RoaringBitmap candidates) {
            int wanted = negated ? FALSE : TRUE;
            RoaringBitmapWriter<RoaringBitmap> out = RoaringBitmapWriter.writer().get();
            PeekableIntIterator it = candidates.getIntIterator();
            while (it.hasNext()) {
                int row = it.next();
                if (truth(segment, row) == wanted) {
                    out.add(row);
                }
            }
            return out.get();
        }
    }

    /** A constant condition such as {@code true} or {@code 1 < 2}. */
    static final class Constant implements Cond {
        private final boolean value;

        Constant(boolean value) {
            this.value = value;
        }

        @Override
        public RoaringBitmap evaluate(Segment segment, RoaringBitmap candidates) {
            return value ? candidates.clone() : new RoaringBitmap();
        }
    }

    static final class Compare extends RowCond {
        private final Kind operator;
        private final ValueExpr left;
        private final ValueExpr right;

        Compare(Kind operator, ValueExpr left, ValueExpr right, boolean negated) {
            super(negated);
            this.operator = operator;
            this.left = left;
            this.right = right;
        }

        @Override
        int truth(Segment segment, int row) {
            return Values.compare(operator, left.value(segment, row), right.value(segment, row));
        }
    }

    /**
     * {@code field op constant} on a numeric or VARCHAR column: compares primitives without
     * boxing, and answers from the segment's scalar index on the field when it has one.
     */
    static final class ColumnCompare extends RowCond {
        /** Scan every row when the candidates are at least 1/16 of the segment. */
        private static final int DENSE_SCAN_FRACTION = 16;

        private final int field;
        private final Kind operator;
        private final Object constant;

        ColumnCompare(int field, Kind operator, Object constant, boolean negated) {
            super(negated);
            this.field = field;
            this.operator = operator;
            this.constant = constant;
        }

        @Override
        public RoaringBitmap evaluate(Segment segment, RoaringBitmap candidates) {
            ScalarIndex index = segment.scalarIndex(field);
            Object key = indexKey(segment.column(field));
            if (index == null || key == null) {
                return scan(segment, candidates);
            }
            RoaringBitmap matching = switch (operator) {
                case EQ, NE -> index.equal(key);
                case LT -> index.range(null, false, key, false);
                case LE -> index.range(null, false, key, true);
                case GT -> index.range(key, false, null, false);
                case GE -> index.range(key, true, null, false);
                default -> throw new IllegalStateException("not a comparison: " + operator);
            };
            // NE keeps the rows EQ does not; a negation keeps the rows the condition rejects.
            // Either way, null rows are unknown and kept by neither.
            boolean keepMatching = (operator == Kind.NE) == negated;
            if (keepMatching) {
                return RoaringBitmap.and(candidates, matching);
            }
            RoaringBitmap out = RoaringBitmap.andNot(candidates, matching);
            Column column = segment.column(field);
            if (column.nullable()) {
                RoaringBitmap nulls = new RoaringBitmap();
                out.forEach((int row) -> {
                    if (column.isNull(row)) {
                        nulls.add(row);
                    }
                });
                out.andNot(nulls);
            }
            return out;
        }

        /**
         * Tests the candidates with the comparison specialised once for the column's type rather
         * than dispatched per row. When the candidates are most of the segment, every row is
         * tested without branches into a plain bit array, turned into a bitmap and intersected:
         * about a nanosecond a row instead of the several an iterator and per-row appends cost.
         */
        private RoaringBitmap scan(Segment segment, RoaringBitmap candidates) {
            Column column = segment.column(field);
            int rows = segment.rowCount();
            boolean dense = candidates.getLongCardinality() * DENSE_SCAN_FRACTION >= rows;
            if (!dense || column.nullable()) {
                return super.evaluate(segment, candidates);
            }
            long[] words = switch (column) {
                case LongColumn longs when !longs.isBoolean() && constant instanceof Long c -> scanLongs(longs, rows, c);
                case DoubleColumn doubles when constant instanceof Number n -> scanDoubles(doubles, rows, n.doubleValue());
                default -> null;
            };
            if (words == null) {
                return super.evaluate(segment, candidates);
            }
            RoaringBitmap matching = BitSetUtil.bitmapOf(words);
            matching.and(candidates);
            return matching;
        }

        /** {@code value op c} as {@code lo <= value <= hi}, flipped for NE and for a negation. */
        private long[] scanLongs(LongColumn column, int rows, long c) {
            long lo = Long.MIN_VALUE;
            long hi = Long.MAX_VALUE;
            boolean empty = false;
            switch (operator) {
                case EQ, NE -> {
                    lo = c;
                    hi = c;
                }
                case LT -> {
                    empty = c == Long.MIN_VALUE;
                    hi = c - 1;
                }
                case LE -> hi = c;
                case GT -> {
                    empty = c == Long.MAX_VALUE;
                    lo = c + 1;
                }
                case GE -> lo = c;
                default -> throw new IllegalStateException("not a comparison: " + operator);
            }
            long flip = ((operator == Kind.NE) != negated) ? -1L : 0L;
            long[] words = new long[(rows + 63) >>> 6];
            for (int row = 0; row < rows; row++) {
                long v = column.getLong(row);
                long inside = empty ? 0 : ((v >= lo) & (v <= hi) ? 1L : 0L);
                words[row >>> 6] |= ((inside ^ flip) & 1L) << row;
            }
            return words;
        }

        private long[] scanDoubles(DoubleColumn column, int rows, double c) {
            long[] words = new long[(rows + 63) >>> 6];
            for (int row = 0; row < rows; row++) {
                double v = column.getDouble(row);
                boolean below = v < c;
                boolean equal = v == c;
                boolean holds = switch (operator) {
                    case EQ -> equal;
                    case NE -> !equal;
                    case LT -> below;
                    case LE -> below | equal;
                    case GT -> !below & !equal;
                    case GE -> !below;
                    default -> throw new IllegalStateException("not a comparison: " + operator);
                };
                words[row >>> 6] |= (holds != negated ? 1L : 0L) << row;
            }
            return words;
        }

        /** The constant in the column's stored type, or null when the index cannot answer exactly. */
        private Object indexKey(Column column) {
            return switch (column) {
                case LongColumn c when c.isBoolean() -> constant instanceof Boolean b ? (Object) (b ? 1L : 0L) : null;
                case LongColumn c -> constant instanceof Long ? constant : null;
                case DoubleColumn c -> constant instanceof Double || (constant instanceof Long v && Math.abs(v) <= 1L << 53)
                        ? (Object) ((Number) constant).doubleValue() : null;
                default -> constant instanceof String ? constant : null;
            };
        }

        @Override
        int truth(Segment segment, int row) {
            Column column = segment.column(field);
            if (column.isNull(row)) {
                return UNKNOWN;
            }
            int c = switch (column) {
                case LongColumn longs when !longs.isBoolean() && constant instanceof Long v ->
                        Long.compare(longs.getLong(row), v);
                case DoubleColumn doubles when constant instanceof Number n -> {
                    double a = doubles.getDouble(row);
                    double b = n.doubleValue();
                    yield a < b ? -1 : a > b ? 1 : 0;
                }
                default -> Values.compare(column.get(row), constant);
            };
            if (c == Values.INCOMPARABLE) {
                return UNKNOWN;
            }
            return Values.holds(operator, c) ? TRUE : FALSE;
        }
    }

    static final class In extends RowCond {
        private final ValueExpr value;
        private final List<Object> items;
        private final Set<Object> exact;

        /** {@code exact} holds the items when a hash lookup is exact for this value's kind, else null. */
        In(ValueExpr value, List<Object> items, Set<Object> exact, boolean negated) {
            super(negated);
            this.value = value;
            this.items = items;
            this.exact = exact;
        }

        @Override
        int truth(Segment segment, int row) {
            Object v = value.value(segment, row);
            if (v == null) {
                return UNKNOWN;
            }
            if (exact != null && (v instanceof Long || v instanceof String)) {
                return exact.contains(v) ? TRUE : FALSE;
            }
            boolean comparable = false;
            for (Object item : items) {
                int c = Values.compare(v, item);
                if (c == 0) {
                    return TRUE;
                }
                comparable |= c != Values.INCOMPARABLE;
            }
            return comparable || items.isEmpty() ? FALSE : UNKNOWN;
        }
    }

    static final class Like extends RowCond {
        private final ValueExpr value;
        private final String prefix;
        private final Pattern pattern;

        Like(ValueExpr value, String likePattern, boolean negated) {
            super(negated);
            this.value = value;
            this.prefix = plainPrefix(likePattern);
            this.pattern = prefix == null ? toRegex(likePattern) : null;
        }

        @Override
        int truth(Segment segment, int row) {
            if (!(value.value(segment, row) instanceof String s)) {
                return UNKNOWN;
            }
            boolean matches = prefix != null ? s.startsWith(prefix) : pattern.matcher(s).matches();
            return matches ? TRUE : FALSE;
        }

        /** For the common {@code "abc%"} form, {@code abc}; null for any other pattern. */
        private static String plainPrefix(String like) {
            if (!like.endsWith("%") || like.endsWith("\\%")) {
                return null;
            }
            String head = like.substring(0, like.length() - 1);
            return head.contains("%") || head.contains("_") || head.contains("\\") ? null : head;
        }

        /** {@code %} is any run of characters, {@code _} one character; {@code \%} and {@code \_} are literal. */
        static Pattern toRegex(String like) {
            StringBuilder regex = new StringBuilder();
            for (int i = 0; i < like.length(); i++) {
                char c = like.charAt(i);
                if (c == '\\' && i + 1 < like.length() && (like.charAt(i + 1) == '%' || like.charAt(i + 1) == '_')) {
                    regex.append(Pattern.quote(String.valueOf(like.charAt(++i))));
                } else if (c == '%') {
                    regex.append(".*");
                } else if (c == '_') {
                    regex.append('.');
                } else {
                    regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return Pattern.compile(regex.toString(), Pattern.DOTALL);
        }
    }

    /** {@code is null}; {@code is not null} is its negation. Never unknown. */
    static final class IsNull extends RowCond {
        private final ValueExpr value;

        IsNull(ValueExpr value, boolean negated) {
            super(negated);
            this.value = value;
        }

        @Override
        int truth(Segment segment, int row) {
            return value.value(segment, row) == null ? TRUE : FALSE;
        }
    }

    /** {@code array_contains} (one item), {@code _any} and {@code _all}. */
    static final class Contains extends RowCond {
        enum Mode { ONE, ANY, ALL }

        private final Mode mode;
        private final ValueExpr array;
        private final List<Object> items;

        Contains(Mode mode, ValueExpr array, List<Object> items, boolean negated) {
            super(negated);
            this.mode = mode;
            this.array = array;
            this.items = items;
        }

        @Override
        int truth(Segment segment, int row) {
            if (!(array.value(segment, row) instanceof List<?> elements)) {
                return UNKNOWN;
            }
            for (Object item : items) {
                boolean found = elements.stream().anyMatch(e -> e != null && Values.equal(e, item));
                if (found && mode != Mode.ALL) {
                    return TRUE;
                }
                if (!found && mode == Mode.ALL) {
                    return FALSE;
                }
            }
            return mode == Mode.ALL ? TRUE : FALSE;
        }
    }

    /** A boolean field or JSON value used as a condition: true, false, or unknown for anything else. */
    static final class Truth extends RowCond {
        private final ValueExpr value;

        Truth(ValueExpr value, boolean negated) {
            super(negated);
            this.value = value;
        }

        @Override
        int truth(Segment segment, int row) {
            return value.value(segment, row) instanceof Boolean b ? (b ? TRUE : FALSE) : UNKNOWN;
        }
    }
}
