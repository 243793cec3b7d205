package io.akasha.core.collection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A top-k or range search: one or more query vectors against one vector field, with an optional
 * filter, output fields, partitions and search parameters. Made with {@link #builder()}.
 *
 * @param vectors      the query vectors (nq of them)
 * @param vectorField  the vector field to search; may be null when the schema has only one
 * @param limit        results per query (top-k)
 * @param offset       results to skip per query, for paging
 * @param filter       a filter expression, or null for every row
 * @param outputFields fields to return with each hit ({@code *} for all)
 * @param partitions   partitions to search; empty for all
 * @param parameters   search parameters: the index's own (for example {@code ef}) and
 *                     {@code radius} / {@code range_filter} for a range search
 * @param deadline     when to give up with {@code DEADLINE_EXCEEDED} (checked before each segment of each
 *                     query), or null for no deadline
 */
public record SearchRequest(List<float[]> vectors, String vectorField, int limit, int offset, String filter,
                            List<String> outputFields, List<String> partitions, Map<String, Object> parameters,
                            java.time.Instant deadline) {

    /** Default results per query. */
    public static final int DEFAULT_LIMIT = 10;

    public SearchRequest {
        vectors = List.copyOf(vectors);
        outputFields = List.copyOf(outputFields);
        partitions = List.copyOf(partitions);
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects the parts of a {@link SearchRequest}. */
    public static final class Builder {
        private final List<float[]> vectors = new ArrayList<>();
        private String vectorField;
        private int limit = DEFAULT_LIMIT;
        private int offset;
        private String filter;
        private final List<String> outputFields = new ArrayList<>();
        private final List<String> partitions = new ArrayList<>();
        private final Map<String, Object> parameters = new LinkedHashMap<>();
        private java.time.Instant deadline;

        private Builder() {
        }

        /** Adds a query vector. */
        public Builder vector(float[] vector) {
            vectors.add(vector);
            return this;
        }

        public Builder vectors(List<float[]> queries) {
            vectors.addAll(queries);
            return this;
        }

        public Builder vectorField(String name) {
            vectorField = name;
            return this;
        }

        public Builder limit(int topK) {
            limit = topK;
            return this;
        }

        public Builder offset(int skip) {
            offset = skip;
            return this;
        }

        public Builder filter(String expression) {
            filter = expression;
            return this;
        }

        public Builder outputFields(String... names) {
            outputFields.addAll(Arrays.asList(names));
            return this;
        }

        public Builder partitions(String... names) {
            partitions.addAll(Arrays.asList(names));
            return this;
        }

        /** A search parameter, for example {@code ef}, {@code radius} or {@code range_filter}. */
        public Builder parameter(String name, Object value) {
            parameters.put(name, value);
            return this;
        }

        /** Gives up with {@code DEADLINE_EXCEEDED} once {@code instant} has passed. */
        public Builder deadline(java.time.Instant instant) {
            deadline = instant;
            return this;
        }

        public SearchRequest build() {
            return new SearchRequest(vectors, vectorField, limit, offset, filter, outputFields, partitions, parameters,
                    deadline);
        }
    }
}
