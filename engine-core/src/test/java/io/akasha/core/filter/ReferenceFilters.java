package io.akasha.core.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

/**
 * A generator of random, well-typed filter expressions over {@link RandomSchemas} collections,
 * each paired with a straightforward reference evaluation over plain row maps, written
 * independently of the engine's parser and compiler: the text is rendered from the generated
 * tree with only the parentheses precedence requires, so the parser's precedence is tested too.
 *
 * <p>Semantics the reference implements (the documented ones): SQL three-valued logic, where a
 * null field, a missing JSON key or a mismatched type makes a comparison unknown; integer
 * arithmetic on two integers (division truncates, by zero is unknown), double otherwise.
 */
final class ReferenceFilters {

    static final int TRUE = 1;
    static final int FALSE = 0;
    static final int UNKNOWN = -1;

    /** Operator precedence, loosest first, as the language defines it. */
    private static final int OR = 1;
    private static final int AND = 2;
    private static final int NOT = 3;
    private static final int COMPARE = 4;
    private static final int ADD = 5;
    private static final int MUL = 6;
    private static final int POW = 7;
    private static final int UNARY = 8;
    private static final int PRIMARY = 9;

    /** A generated condition: its text, its precedence, and its truth per row. */
    record Cond(String text, int precedence, ToIntFunction<Map<String, Object>> truth) {
    }

    /** A generated value: its text, precedence, kind ("num", "str", "bool") and value per row. */
    record Value(String text, int precedence, String kind, Function<Map<String, Object>, Object> value) {
    }

    private final Random random;
    private final RandomSchemas.Shape shape;

    ReferenceFilters(Random random, RandomSchemas.Shape shape) {
        this.random = random;
        this.shape = shape;
    }

    Cond condition(int depth) {
        int choice = random.nextInt(depth <= 0 ? 6 : 10);
        return switch (choice) {
            case 0, 1 -> comparison();
            case 2 -> in();
            case 3 -> like();
            case 4 -> isNull();
            case 5 -> contains();
            case 6 -> not(condition(depth - 1));
            case 7, 8 -> logical(random.nextBoolean(), depth);
            default -> random.nextBoolean() ? chainedRange() : truth();
        };
    }

    private Cond logical(boolean and, int depth) {
        int n = 2 + random.nextInt(2);
        List<Cond> operands = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            operands.add(condition(depth - 1));
        }
        int precedence = and ? AND : OR;
        String[] spellings = and ? new String[] {" and ", " AND ", " && "} : new String[] {" or ", " OR ", " || "};
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                text.append(spellings[random.nextInt(spellings.length)]);
            }
            text.append(wrap(operands.get(i), precedence, false));
        }
        return new Cond(text.toString(), precedence, row -> {
            boolean unknown = false;
            for (Cond operand : operands) {
                int t = operand.truth().applyAsInt(row);
                if (t == (and ? FALSE : TRUE)) {
                    return t;
                }
                unknown |= t == UNKNOWN;
            }
            return unknown ? UNKNOWN : (and ? TRUE : FALSE);
        });
    }

    private Cond not(Cond operand) {
        String keyword = random.nextBoolean() ? "not " : (random.nextBoolean() ? "NOT " : "!");
        String inner = keyword.equals("!") ? "(" + operand.text() + ")" : wrap(operand, NOT, false);
        return new Cond(keyword + inner, NOT, row -> {
            int t = operand.truth().applyAsInt(row);
            return t == UNKNOWN ? UNKNOWN : 1 - t;
        });
    }

    private Cond comparison() {
        String kind = pick("num", "num", "num", "str", "bool");
        Value left = value(kind, 2);
        Value right = random.nextInt(3) == 0 ? value(kind, 1) : literal(kind);
        if (random.nextBoolean()) {
            Value swap = left;
            left = right;
            right = swap;
        }
        String op = kind.equals("bool") ? pick("==", "!=") : pick("==", "!=", "<", "<=", ">", ">=");
        Value l = left;
        Value r = right;
        return new Cond(wrapValue(l, COMPARE, false) + " " + op + " " + wrapValue(r, COMPARE, true), COMPARE,
                row -> compare(op, l.value().apply(row), r.value().apply(row)));
    }

    private Cond chainedRange() {
        Value middle = value("num", 1);
        long low = random.nextLong(-6, 4);
        long high = low + random.nextLong(0, 6);
        String lowOp = pick("<", "<=");
        String highOp = pick("<", "<=");
        return new Cond(low + " " + lowOp + " " + wrapValue(middle, ADD, false) + " " + highOp + " " + high, AND,
                row -> {
                    Object v = middle.value().apply(row);
                    int a = compare(lowOp, low, v);
                    int b = compare(highOp, v, high);
                    return a == FALSE || b == FALSE ? FALSE : a == UNKNOWN || b == UNKNOWN ? UNKNOWN : TRUE;
                });
    }

    private Cond in() {
        String kind = pick("num", "str");
        Value value = kind.equals("num") ? numericOperandForIn() : stringOperand();
        List<Object> items = new ArrayList<>();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            items.add(kind.equals("num") ? (Object) random.nextLong(-4, 5) : pick(RandomSchemas.STRINGS));
        }
        boolean negated = random.nextBoolean();
        String list = items.stream().map(ReferenceFilters::literalText).reduce((a, b) -> a + ", " + b).orElse("");
        return new Cond(wrapValue(value, ADD, false) + (negated ? " not in [" : " in [") + list + "]", COMPARE, row -> {
            Object v = value.value().apply(row);
            if (v == null) {
                return UNKNOWN;
            }
            boolean comparable = items.isEmpty();
            for (Object item : items) {
                int c = order(v, item);
                if (c == 0) {
                    return negated ? FALSE : TRUE;
                }
                comparable |= c != INCOMPARABLE;
            }
            return !comparable ? UNKNOWN : negated ? TRUE : FALSE;
        });
    }

    private Cond like() {
        Value value = stringOperand();
        String pattern = pick("a%", "%b", "a_", "%", "ab", "_", "%a%", "b\\%", "x\\_y", "");
        boolean negated = random.nextBoolean();
        Pattern regex = likeRegex(pattern);
        return new Cond(wrapValue(value, ADD, false) + (negated ? " not like " : " like ") + literalText(pattern),
                COMPARE, row -> {
            if (!(value.value().apply(row) instanceof String s)) {
                return UNKNOWN;
            }
            return regex.matcher(s).matches() != negated ? TRUE : FALSE;
        });
    }

    private Cond isNull() {
        Value value = fieldLike();
        boolean negated = random.nextBoolean();
        return new Cond(value.text() + (negated ? " is not null" : pick(" is null", " IS NULL")), COMPARE,
                row -> (value.value().apply(row) == null) != negated ? TRUE : FALSE);
    }

    private Cond contains() {
        List<String> arrays = new ArrayList<>(shape.arrayFields());
        if (shape.has("j")) {
            arrays.add("j[\"arr\"]");
        }
        if (arrays.isEmpty()) {
            return comparison();
        }
        String array = pick(arrays.toArray(String[]::new));
        boolean strings = array.equals("as");
        String mode = pick("", "_any", "_all");
        String function = (array.startsWith("j") && random.nextBoolean() ? "json_contains" : "array_contains") + mode;
        List<Object> items = new ArrayList<>();
        int n = mode.isEmpty() ? 1 : random.nextInt(4);
        for (int i = 0; i < n; i++) {
            items.add(strings ? pick(RandomSchemas.STRINGS) : (Object) random.nextLong(-3, 4));
        }
        String argument = mode.isEmpty() ? literalText(items.getFirst())
                : "[" + items.stream().map(ReferenceFilters::literalText).reduce((a, b) -> a + ", " + b).orElse("") + "]";
        Function<Map<String, Object>, Object> source = path(array);
        return new Cond(function + "(" + array + ", " + argument + ")", PRIMARY, row -> {
            if (!(source.apply(row) instanceof List<?> elements)) {
                return UNKNOWN;
            }
            for (Object item : items) {
                boolean found = elements.stream().anyMatch(e -> e != null && order(e, item) == 0);
                if (found && !mode.equals("_all")) {
                    return TRUE;
                }
                if (!found && mode.equals("_all")) {
                    return FALSE;
                }
            }
            return mode.equals("_all") ? TRUE : FALSE;
        });
    }

    private Cond truth() {
        List<String> options = new ArrayList<>();
        if (shape.has("b")) {
            options.add("b");
        }
        if (shape.has("j")) {
            options.add("j[\"flag\"]");
        }
        if (shape.dynamic()) {
            options.add("dflag");
        }
        if (options.isEmpty()) {
            return comparison();
        }
        String text = pick(options.toArray(String[]::new));
        Function<Map<String, Object>, Object> source = path(text);
        return new Cond(text, PRIMARY, row -> source.apply(row) instanceof Boolean b ? (b ? TRUE : FALSE) : UNKNOWN);
    }

    // ---- values ----

    private Value value(String kind, int depth) {
        return switch (kind) {
            case "num" -> numeric(depth);
            case "str" -> random.nextInt(4) == 0 ? literal("str") : stringOperand();
            default -> random.nextInt(4) == 0 ? literal("bool") : boolOperand();
        };
    }

    private Value numeric(int depth) {
        int choice = random.nextInt(depth <= 0 ? 3 : 6);
        if (choice == 0) {
            return literal("num");
        }
        if (choice <= 2 || depth <= 0) {
            return numericOperand();
        }
        if (choice == 3) {
            Value operand = numeric(depth - 1);
            return new Value("-" + wrapValue(operand, UNARY, false), UNARY, "num", row -> switch (operand.value().apply(row)) {
                case Long v -> -v;
                case Double v -> -v;
                case null, default -> null;
            });
        }
        String op = pick("+", "-", "*", "/", "%", "**");
        int precedence = switch (op) {
            case "+", "-" -> ADD;
            case "**" -> POW;
            default -> MUL;
        };
        Value a = numeric(depth - 1);
        Value b = numeric(depth - 1);
        boolean rightAssociative = op.equals("**");
        String text = wrapValue(a, precedence, rightAssociative) + " " + op + " " + wrapValue(b, precedence, !rightAssociative);
        return new Value(text, precedence, "num", row -> {
            Object x = a.value().apply(row);
            Object y = b.value().apply(row);
            if (!(x instanceof Number p) || !(y instanceof Number q)) {
                return null;
            }
            return arithmetic(op, p, q);
        });
    }

    private Value numericOperand() {
        List<String> options = new ArrayList<>(shape.numericFields());
        if (shape.has("j")) {
            options.add("j[\"a\"]");
            options.add("j[\"b\"][\"c\"]");
            options.add("j[\"arr\"][0]");
        }
        if (shape.has("ai")) {
            options.add("ai[1]");
            options.add("array_length(ai)");
        }
        if (shape.dynamic()) {
            options.add("dk");
            options.add("$meta[\"dk\"]");
        }
        if (options.isEmpty()) {
            return literal("num");
        }
        String text = pick(options.toArray(String[]::new));
        return new Value(text, PRIMARY, "num", path(text));
    }

    /** Operands of {@code in} with numbers: not arrays, whose elements are reached through functions. */
    private Value numericOperandForIn() {
        Value operand = numericOperand();
        return operand.text().startsWith("array_length") ? literal("num") : operand;
    }

    private Value stringOperand() {
        List<String> options = new ArrayList<>();
        if (shape.has("s")) {
            options.add("s");
        }
        if (shape.has("j")) {
            options.add("j[\"a\"]");
        }
        if (shape.has("as")) {
            options.add("as[0]");
        }
        if (shape.dynamic()) {
            options.add("dk");
        }
        if (options.isEmpty()) {
            return literal("str");
        }
        String text = pick(options.toArray(String[]::new));
        return new Value(text, PRIMARY, "str", path(text));
    }

    private Value boolOperand() {
        List<String> options = new ArrayList<>();
        if (shape.has("b")) {
            options.add("b");
        }
        if (shape.has("j")) {
            options.add("j[\"flag\"]");
        }
        if (options.isEmpty()) {
            return literal("bool");
        }
        String text = pick(options.toArray(String[]::new));
        return new Value(text, PRIMARY, "bool", path(text));
    }

    private Value fieldLike() {
        List<String> options = new ArrayList<>(shape.scalarFields());
        if (shape.has("j")) {
            options.add("j[\"a\"]");
            options.add("j[\"b\"][\"c\"]");
        }
        if (shape.dynamic()) {
            options.add("dk");
        }
        String text = pick(options.toArray(String[]::new));
        return new Value(text, PRIMARY, "any", path(text));
    }

    private Value literal(String kind) {
        Object value = switch (kind) {
            case "num" -> random.nextBoolean() ? (Object) random.nextLong(-5, 6) : pick(RandomSchemas.FLOATS);
            case "str" -> pick(RandomSchemas.STRINGS);
            default -> random.nextBoolean();
        };
        String text = literalText(value);
        return new Value(text, text.startsWith("-") ? UNARY : PRIMARY, kind, row -> value);
    }

    /**
     * Reads a field, JSON path, array element, array length or dynamic key (by name or through
     * {@code $meta}) from a reference row, where dynamic keys sit under {@code $meta}.
     */
    static Function<Map<String, Object>, Object> path(String text) {
        if (text.startsWith("array_length(")) {
            Function<Map<String, Object>, Object> inner = path(text.substring(13, text.length() - 1));
            return row -> inner.apply(row) instanceof List<?> list ? (Object) (long) list.size() : null;
        }
        List<Object> steps = new ArrayList<>();
        int bracket = text.indexOf('[');
        String head = bracket < 0 ? text : text.substring(0, bracket);
        for (String part : bracket < 0 ? new String[0] : text.substring(bracket + 1, text.length() - 1).split("\\]\\[")) {
            steps.add(part.startsWith("\"") ? part.substring(1, part.length() - 1) : (Object) Long.parseLong(part));
        }
        boolean dynamic = head.equals("$meta") || RandomSchemas.DYNAMIC_KEYS.contains(head);
        if (dynamic && !head.equals("$meta")) {
            steps.addFirst(head);
        }
        return row -> {
            Object current = dynamic ? row.get("$meta") : row.get(head);
            for (Object step : steps) {
                if (step instanceof String key && current instanceof Map<?, ?> map) {
                    current = map.get(key);
                } else if (step instanceof Long i && current instanceof List<?> list && i >= 0 && i < list.size()) {
                    current = list.get(i.intValue());
                } else {
                    return null;
                }
            }
            return current;
        };
    }

    // ---- semantics ----

    static final int INCOMPARABLE = Integer.MIN_VALUE;

    static int order(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue() + 0.0, y.doubleValue() + 0.0);
        }
        if (a instanceof String x && b instanceof String y) {
            return Integer.signum(x.compareTo(y));
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return Boolean.compare(x, y);
        }
        return INCOMPARABLE;
    }

    static int compare(String op, Object a, Object b) {
        if (a == null || b == null) {
            return UNKNOWN;
        }
        int c = order(a, b);
        if (c == INCOMPARABLE || (a instanceof Boolean && !op.equals("==") && !op.equals("!="))) {
            return UNKNOWN;
        }
        boolean result = switch (op) {
            case "==" -> c == 0;
            case "!=" -> c != 0;
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            default -> c >= 0;
        };
        return result ? TRUE : FALSE;
    }

    static Object arithmetic(String op, Number p, Number q) {
        if (p instanceof Long a && q instanceof Long b && !op.equals("**")) {
            return switch (op) {
                case "+" -> a + b;
                case "-" -> a - b;
                case "*" -> a * b;
                case "/" -> b == 0 ? null : a / b;
                default -> b == 0 ? null : a % b;
            };
        }
        double a = p.doubleValue();
        double b = q.doubleValue();
        if ((op.equals("/") || op.equals("%")) && b == 0) {
            return null;
        }
        double r = switch (op) {
            case "+" -> a + b;
            case "-" -> a - b;
            case "*" -> a * b;
            case "/" -> a / b;
            case "%" -> a % b;
            default -> Math.pow(a, b);
        };
        return Double.isFinite(r) ? r : null;
    }

    static Pattern likeRegex(String like) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < like.length(); i++) {
            char c = like.charAt(i);
            if (c == '\\' && i + 1 < like.length()) {
                regex.append(Pattern.quote(String.valueOf(like.charAt(++i))));
            } else {
                regex.append(c == '%' ? ".*" : c == '_' ? "." : Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    // ---- rendering ----

    private String wrap(Cond c, int parent, boolean right) {
        return c.precedence() < parent || (right && c.precedence() == parent) ? "(" + c.text() + ")" : c.text();
    }

    private String wrapValue(Value v, int parent, boolean tight) {
        return v.precedence() < parent || (tight && v.precedence() == parent) ? "(" + v.text() + ")" : v.text();
    }

    static String literalText(Object value) {
        if (value instanceof String s) {
            return "\"" + s + "\"";
        }
        return String.valueOf(value);
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }
}
