package io.akasha.core.filter;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.akasha.core.filter.Conditions.Cond;
import io.akasha.core.filter.Conditions.Contains;
import io.akasha.core.filter.FilterAst.Binary;
import io.akasha.core.filter.FilterAst.Call;
import io.akasha.core.filter.FilterAst.FieldRef;
import io.akasha.core.filter.FilterAst.InList;
import io.akasha.core.filter.FilterAst.IsNull;
import io.akasha.core.filter.FilterAst.Like;
import io.akasha.core.filter.FilterAst.ListLiteral;
import io.akasha.core.filter.FilterAst.Literal;
import io.akasha.core.filter.FilterAst.Logical;
import io.akasha.core.filter.FilterAst.Unary;
import io.akasha.core.filter.Token.Kind;
import io.akasha.core.filter.Values.ValueExpr;
import io.akasha.core.schema.CollectionSchema;
import io.akasha.core.schema.DataType;
import io.akasha.core.schema.Field;

/**
 * Checks a parsed filter against a schema and turns it into conditions and values ready to run.
 * Every field must exist (or the schema must have a dynamic field), every operator must fit
 * its operands' types, and the whole must be a condition; otherwise a {@link FilterException}
 * points at the offending part. {@code not} is pushed down to the leaves here (De Morgan), so
 * that unknown stays unknown under negation.
 */
final class FilterCompiler {

    private static final Set<String> FUNCTIONS = Set.of("array_contains", "array_contains_any",
            "array_contains_all", "array_length", "json_contains", "json_contains_any", "json_contains_all");

    private final String source;
    private final CollectionSchema schema;

    private FilterCompiler(String source, CollectionSchema schema) {
        this.source = source;
        this.schema = schema;
    }

    static Cond compile(String source, CollectionSchema schema) {
        FilterCompiler compiler = new FilterCompiler(source, schema);
        return compiler.condition(FilterParser.parse(source), false);
    }

    private Cond condition(FilterAst node, boolean negated) {
        return switch (node) {
            case Logical logical -> {
                List<Cond> operands = new ArrayList<>();
                for (FilterAst operand : logical.operands()) {
                    operands.add(condition(operand, negated));
                }
                // not (a and b) == (not a) or (not b), and the other way round.
                boolean all = (logical.operator() == Kind.AND) != negated;
                yield all ? new Conditions.AllOf(operands) : new Conditions.AnyOf(operands);
            }
            case Unary unary when unary.operator() == Kind.NOT -> condition(unary.operand(), !negated);
            case Binary binary when isComparison(binary.operator()) -> comparison(binary, negated);
            case InList in -> in(in, negated != in.negated());
            case Like like -> {
                ValueExpr value = value(like.value());
                if (value.kind() != ValueKind.STRING && value.kind() != ValueKind.JSON) {
                    throw error(like, "'like' needs a VARCHAR or JSON operand, not " + value.kind().describe());
                }
                yield new Conditions.Like(value, like.pattern(), negated != like.negated());
            }
            case IsNull isNull -> {
                if (!(isNull.value() instanceof FieldRef)) {
                    throw error(isNull.value(), "'is null' applies to a field, not to a computed value");
                }
                yield new Conditions.IsNull(value(isNull.value()), negated != isNull.negated());
            }
            case Call call -> function(call, negated);
            case Literal literal when literal.value() instanceof Boolean b -> new Conditions.Constant(b != negated);
            case FieldRef field -> {
                ValueExpr value = value(field);
                if (value.kind() != ValueKind.BOOL && value.kind() != ValueKind.JSON) {
                    throw error(field, "expected a condition, but field '" + field.name() + "' is "
                            + value.kind().describe() + "; compare it with something");
                }
                yield new Conditions.Truth(value, negated);
            }
            default -> throw error(node, "expected a condition (a comparison, 'in', 'like', 'is null', a function "
                    + "or a boolean field)");
        };
    }

    private Cond comparison(Binary binary, boolean negated) {
        ValueExpr left = value(binary.left());
        ValueExpr right = value(binary.right());
        if (!left.kind().comparableWith(right.kind())) {
            throw error(binary, "cannot compare " + left.kind().describe() + " with " + right.kind().describe());
        }
        Kind op = binary.operator();
        if ((left.kind() == ValueKind.BOOL || right.kind() == ValueKind.BOOL) && op != Kind.EQ && op != Kind.NE) {
            throw error(binary, "booleans can only be compared with '==' or '!='");
        }
        if (left instanceof Values.FieldValue field && right instanceof Values.Constant constant) {
            return new Conditions.ColumnCompare(field.field(), op, constant.value(), negated);
        }
        if (right instanceof Values.FieldValue field && left instanceof Values.Constant constant) {
            return new Conditions.ColumnCompare(field.field(), mirror(op), constant.value(), negated);
        }
        return new Conditions.Compare(op, left, right, negated);
    }

    private Cond in(InList in, boolean negated) {
        ValueExpr value = value(in.value());
        if (value.kind() == ValueKind.ARRAY) {
            throw error(in.value(), "'in' needs a scalar operand; for arrays use array_contains_any");
        }
        List<Object> items = literals(in.list(), value.kind(), "'in'");
        boolean hashable = (value.kind() == ValueKind.INT && items.stream().allMatch(Long.class::isInstance))
                || (value.kind() == ValueKind.STRING);
        Set<Object> exact = hashable ? new HashSet<>(items) : null;
        return new Conditions.In(value, items, exact, negated);
    }

    private Cond function(Call call, boolean negated) {
        String name = call.function();
        Contains.Mode mode = switch (name) {
            case "array_contains", "json_contains" -> Contains.Mode.ONE;
            case "array_contains_any", "json_contains_any" -> Contains.Mode.ANY;
            case "array_contains_all", "json_contains_all" -> Contains.Mode.ALL;
            case "array_length" -> throw error(call, "array_length gives a number; compare it, as in "
                    + "array_length(tags) > 2");
            default -> throw unknownFunction(call);
        };
        checkArity(call, 2);
        ValueExpr array = value(call.arguments().get(0));
        if (array.kind() != ValueKind.ARRAY && array.kind() != ValueKind.JSON) {
            throw error(call.arguments().get(0), name + " needs an ARRAY or JSON field as its first argument, not "
                    + array.kind().describe());
        }
        ValueKind element = elementKind(call.arguments().get(0));
        FilterAst second = call.arguments().get(1);
        List<Object> items;
        if (mode == Contains.Mode.ONE) {
            if (!(second instanceof Literal literal)) {
                throw error(second, name + " needs a literal value as its second argument");
            }
            items = List.of(checkedLiteral(literal, element, name));
        } else {
            if (!(second instanceof ListLiteral list)) {
                throw error(second, name + " needs a list like [1, 2] as its second argument");
            }
            items = literals(list, element, name);
        }
        return new Contains(mode, array, items, negated);
    }

    private ValueExpr value(FilterAst node) {
        return switch (node) {
            case Literal literal -> new Values.Constant(literal.value(), kindOf(literal.value()));
            case FieldRef field -> field(field);
            case Unary unary when unary.operator() == Kind.MINUS -> {
                ValueExpr operand = value(unary.operand());
                requireNumeric(unary.operand(), operand, "'-'");
                yield new Values.Negation(operand, operand.kind() == ValueKind.JSON ? ValueKind.FLOAT : operand.kind());
            }
            case Binary binary when !isComparison(binary.operator()) -> {
                ValueExpr left = value(binary.left());
                ValueExpr right = value(binary.right());
                String op = "'" + symbol(binary.operator()) + "'";
                requireNumeric(binary.left(), left, op);
                requireNumeric(binary.right(), right, op);
                ValueKind kind = left.kind() == ValueKind.INT && right.kind() == ValueKind.INT
                        && binary.operator() != Kind.POWER ? ValueKind.INT : ValueKind.FLOAT;
                // JSON operands are typed per row; the static kind only guides type checks.
                if (left.kind() == ValueKind.JSON || right.kind() == ValueKind.JSON) {
                    kind = ValueKind.JSON;
                }
                yield new Values.Arithmetic(binary.operator(), left, right, kind);
            }
            case Call call when call.function().equals("array_length") -> {
                checkArity(call, 1);
                ValueExpr array = value(call.arguments().getFirst());
                if (array.kind() != ValueKind.ARRAY && array.kind() != ValueKind.JSON) {
                    throw error(call.arguments().getFirst(), "array_length needs an ARRAY or JSON field, not "
                            + array.kind().describe());
                }
                yield new Values.ArrayLength(array);
            }
            case Call call when FUNCTIONS.contains(call.function()) ->
                    throw error(call, call.function() + " is a condition, not a value");
            case Call call -> throw unknownFunction(call);
            case ListLiteral list -> throw error(list, "a list can only follow 'in' or be a function argument");
            default -> throw error(node, "expected a value (a field, a literal or arithmetic), found a condition");
        };
    }

    private ValueExpr field(FieldRef ref) {
        if (ref.name().equals(CollectionSchema.DYNAMIC_FIELD)) {
            if (!schema.dynamicField()) {
                throw error(ref, "this collection has no dynamic field");
            }
            return ref.path().isEmpty() ? new Values.DynamicValue()
                    : new Values.Path(new Values.DynamicValue(), ref.path(), ValueKind.JSON);
        }
        Field field = schema.field(ref.name()).orElse(null);
        if (field == null) {
            if (schema.dynamicField()) {
                List<Object> path = new ArrayList<>();
                path.add(ref.name());
                path.addAll(ref.path());
                return new Values.Path(new Values.DynamicValue(), List.copyOf(path), ValueKind.JSON);
            }
            throw error(ref, "unknown field '" + ref.name() + "'; the fields are "
                    + schema.fields().stream().filter(f -> !f.isVector()).map(Field::name)
                    .collect(Collectors.joining(", ")));
        }
        if (field.isVector()) {
            throw error(ref, "vector field '" + field.name() + "' cannot be used in a filter");
        }
        ValueKind kind = kindOf(field.type());
        Values.FieldValue value = new Values.FieldValue(schema.fields().indexOf(field), field.name(), kind);
        if (ref.path().isEmpty()) {
            return value;
        }
        if (field.type() == DataType.JSON) {
            return new Values.Path(value, ref.path(), ValueKind.JSON);
        }
        if (field.type() == DataType.ARRAY && ref.path().size() == 1 && ref.path().getFirst() instanceof Long) {
            return new Values.Path(value, ref.path(), kindOf(field.elementType()));
        }
        throw error(ref, field.type() == DataType.ARRAY ? "an ARRAY field takes one integer index, as in "
                + field.name() + "[0]" : "field '" + field.name() + "' is " + field.type() + ", which has no subscripts");
    }

    private ValueKind elementKind(FilterAst arrayNode) {
        if (arrayNode instanceof FieldRef ref && ref.path().isEmpty()) {
            Field field = schema.field(ref.name()).orElse(null);
            if (field != null && field.type() == DataType.ARRAY) {
                return kindOf(field.elementType());
            }
        }
        return ValueKind.JSON;
    }

    private List<Object> literals(ListLiteral list, ValueKind expected, String what) {
        List<Object> items = new ArrayList<>();
        for (Literal literal : list.items()) {
            items.add(checkedLiteral(literal, expected, what));
        }
        return List.copyOf(items);
    }

    private Object checkedLiteral(Literal literal, ValueKind expected, String what) {
        ValueKind kind = kindOf(literal.value());
        if (!expected.comparableWith(kind)) {
            throw error(literal, what + " compares " + expected.describe() + " with " + kind.describe());
        }
        return literal.value();
    }

    private void requireNumeric(FilterAst node, ValueExpr value, String operator) {
        if (!value.kind().numeric() && value.kind() != ValueKind.JSON) {
            throw error(node, operator + " needs numbers, not " + value.kind().describe());
        }
    }

    private void checkArity(Call call, int arity) {
        if (call.arguments().size() != arity) {
            throw error(call, call.function() + " takes " + arity + " argument" + (arity == 1 ? "" : "s") + ", got "
                    + call.arguments().size());
        }
    }

    private FilterException unknownFunction(Call call) {
        return error(call, "unknown function '" + call.function() + "'; known: "
                + FUNCTIONS.stream().sorted().collect(Collectors.joining(", ")));
    }

    private static ValueKind kindOf(Object literal) {
        return switch (literal) {
            case Long l -> ValueKind.INT;
            case Double d -> ValueKind.FLOAT;
            case String s -> ValueKind.STRING;
            case Boolean b -> ValueKind.BOOL;
            default -> throw new IllegalStateException("unexpected literal " + literal);
        };
    }

    private static ValueKind kindOf(DataType type) {
        return switch (type) {
            case BOOL -> ValueKind.BOOL;
            case INT8, INT16, INT32, INT64 -> ValueKind.INT;
            case FLOAT, DOUBLE -> ValueKind.FLOAT;
            case VARCHAR -> ValueKind.STRING;
            case ARRAY -> ValueKind.ARRAY;
            case JSON -> ValueKind.JSON;
            case FLOAT_VECTOR -> throw new IllegalStateException("vectors have no filter kind");
        };
    }

    private static boolean isComparison(Kind kind) {
        return switch (kind) {
            case EQ, NE, LT, LE, GT, GE -> true;
            default -> false;
        };
    }

    /** The operator with its operands swapped: {@code 5 < x} is {@code x > 5}. */
    private static Kind mirror(Kind op) {
        return switch (op) {
            case LT -> Kind.GT;
            case LE -> Kind.GE;
            case GT -> Kind.LT;
            case GE -> Kind.LE;
            default -> op;
        };
    }

    private static String symbol(Kind op) {
        return switch (op) {
            case PLUS -> "+";
            case MINUS -> "-";
            case STAR -> "*";
            case SLASH -> "/";
            case PERCENT -> "%";
            case POWER -> "**";
            default -> op.name();
        };
    }

    private FilterException error(FilterAst at, String problem) {
        return new FilterException(source, at.position(), problem);
    }
}
