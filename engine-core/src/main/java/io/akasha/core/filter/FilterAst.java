package io.akasha.core.filter;

import java.util.List;

import io.akasha.core.filter.Token.Kind;

/**
 * The syntax tree {@link FilterParser} produces, before it is checked against a schema. Every
 * node keeps the offset where it starts, so that type errors point at the right place.
 */
sealed interface FilterAst {

    int position();

    /** A number ({@link Long} or {@link Double}), string or boolean written in the expression. */
    record Literal(Object value, int position) implements FilterAst {
    }

    /** {@code [a, b, c]}: literals only, as Milvus requires. */
    record ListLiteral(List<Literal> items, int position) implements FilterAst {
    }

    /**
     * A field, optionally followed by subscripts: {@code meta["a"][0]} has path {@code ["a", 0L]}.
     * The name {@code $meta} is the dynamic field.
     */
    record FieldRef(String name, List<Object> path, int position) implements FilterAst {
    }

    /** {@code not x}, {@code -x}. */
    record Unary(Kind operator, FilterAst operand, int position) implements FilterAst {
    }

    /** {@code a and b and c} or {@code a or b or c}: kept flat, so long chains do not nest. */
    record Logical(Kind operator, List<FilterAst> operands, int position) implements FilterAst {
    }

    /** Arithmetic and comparison. */
    record Binary(Kind operator, FilterAst left, FilterAst right, int position) implements FilterAst {
    }

    record InList(FilterAst value, ListLiteral list, boolean negated, int position) implements FilterAst {
    }

    record Like(FilterAst value, String pattern, boolean negated, int position) implements FilterAst {
    }

    record IsNull(FilterAst value, boolean negated, int position) implements FilterAst {
    }

    /** {@code array_contains(tags, "x")} and the other functions. */
    record Call(String function, List<FilterAst> arguments, int position) implements FilterAst {
    }
}
