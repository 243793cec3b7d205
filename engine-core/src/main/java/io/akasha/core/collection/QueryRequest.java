package io.akasha.core.collection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A scalar query: the rows a filter selects, with output fields and paging. Asking for the
 * output field {@code count(*)} returns one row holding the number of matches instead.
 *
 * @param filter       a filter expression; null or empty selects every row (then a limit is required)
 * @param outputFields fields to return ({@code *} for all); the primary key is always returned
 * @param limit        most rows to return, or 0 for all matches (at most {@link Limits#MAX_QUERY_RESULT})
 * @param offset       matches to skip first
 * @param partitions   partitions to read; empty for all
 */
public record QueryRequest(String filter, List<String> outputFields, int limit, int offset, List<String> partitions) {

    /** The output field that turns a query into a count. */
    public static final String COUNT = "count(*)";

    public QueryRequest {
        outputFields = List.copyOf(outputFields);
        partitions = List.copyOf(partitions);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects the parts of a {@link QueryRequest}. */
    public static final class Builder {
        private String filter;
        private final List<String> outputFields = new ArrayList<>();
        private int limit;
        private int offset;
        private final List<String> partitions = new ArrayList<>();

        private Builder() {
        }

        public Builder filter(String expression) {
            filter = expression;
            return this;
        }

        public Builder outputFields(String... names) {
            outputFields.addAll(Arrays.asList(names));
            return this;
        }

        public Builder limit(int rows) {
            limit = rows;
            return this;
        }

        public Builder offset(int rows) {
            offset = rows;
            return this;
        }

        public Builder partitions(String... names) {
            partitions.addAll(Arrays.asList(names));
            return this;
        }

        public QueryRequest build() {
            return new QueryRequest(filter, outputFields, limit, offset, partitions);
        }
    }
}
