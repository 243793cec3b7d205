package io.akasha.core.filter;

import org.roaringbitmap.RoaringBitmap;

import io.akasha.core.filter.Conditions.Cond;
import io.akasha.core.schema.CollectionSchema;
import io.akasha.core.segment.Segment;

/**
 * A Milvus-style boolean filter expression, parsed and checked against a collection's schema,
 * ready to select rows of any segment of that collection.
 *
 * <p>The language: comparisons {@code == != < <= > >=} (chained, as in {@code 10 < x <= 20});
 * {@code in} / {@code not in} a list of literals; {@code like} with {@code %} (any run) and
 * {@code _} (one character); {@code and &&}, {@code or ||}, {@code not !}, parentheses;
 * arithmetic {@code + - * / % **} on numeric fields; JSON paths {@code meta["a"]["b"]}, array
 * elements {@code tags[0]}; {@code array_contains}, {@code array_contains_any},
 * {@code array_contains_all}, {@code array_length} (and the {@code json_contains} family);
 * {@code is null} / {@code is not null}; keys of the dynamic field by name or as
 * {@code $meta["key"]}.
 *
 * <p>Nulls follow SQL's three-valued logic: a comparison with a null field, a missing JSON key
 * or a value of the wrong type is <em>unknown</em>, and neither it nor its negation selects the
 * row; {@code is null} is never unknown.
 */
public final class Filter {

    private final String expression;
    private final Cond condition;

    private Filter(String expression, Cond condition) {
        this.expression = expression;
        this.condition = condition;
    }

    /**
     * Parses and checks {@code expression}.
     *
     * @throws FilterException with the position and what was expected, for any syntax or type error
     */
    public static Filter compile(String expression, CollectionSchema schema) {
        return new Filter(expression, FilterCompiler.compile(expression, schema));
    }

    /** The rows of {@code candidates} (rows of {@code segment}) that the filter selects. */
    public RoaringBitmap evaluate(Segment segment, RoaringBitmap candidates) {
        return condition.evaluate(segment, candidates);
    }

    public String expression() {
        return expression;
    }

    @Override
    public String toString() {
        return expression;
    }
}
