package io.akasha.core.collection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.roaringbitmap.RoaringBitmap;

import io.akasha.core.AkashaException;
import io.akasha.core.filter.Filter;
import io.akasha.core.index.IndexProvider;
import io.akasha.core.schema.Field;
import io.akasha.core.schema.ValueConverter;
import io.akasha.core.search.ScoreWindow;
import io.akasha.core.search.SearchResult;
import io.akasha.core.search.TopK;
import io.akasha.core.segment.FilterPlan;
import io.akasha.core.segment.Segment;

/**
 * The read path of one collection: get, query and search. Each call validates its request
 * completely, takes one snapshot (the collection's visible sequence) and reads every segment at
 * that snapshot, so it sees every write that returned before it started and no half of a batch.
 */
final class CollectionReader {

    private static final String RADIUS = "radius";
    private static final String RANGE_FILTER = "range_filter";
    private static final String ENGINE_PARAMETERS = "radius, range_filter and " + FilterPlan.PARAMETER;

    private final CollectionState state;
    private final RowPreparer preparer;
    private final SharedQueries queries;

    /** @param queries how the queries of one multi-vector search are spread over threads */
    CollectionReader(CollectionState state, RowPreparer preparer, SharedQueries queries) {
        this.state = state;
        this.preparer = preparer;
        this.queries = queries;
    }

    List<Map<String, Object>> get(List<?> ids, List<String> outputFields) {
        if (ids == null || ids.isEmpty()) {
            throw AkashaException.invalid("no primary keys given to get");
        }
        if (ids.size() > Limits.MAX_QUERY_RESULT) {
            throw new AkashaException(AkashaException.ErrorCode.RESOURCE_EXHAUSTED, ids.size()
                    + " keys requested; the limit is " + Limits.MAX_QUERY_RESULT + " per call");
        }
        List<Object> keys = new ArrayList<>();
        for (Object id : ids) {
            keys.add(preparer.normalizeKey(id));
        }
        OutputFields output = OutputFields.resolve(state.schema, outputFields.isEmpty() ? List.of("*") : outputFields);
        List<Map<String, Object>> rows = new ArrayList<>();
        try (PrimaryKeyIndex.Reader reader = state.keys.reader()) {
            for (Object key : keys) {
                PrimaryKeyIndex.RowRef ref = reader.visible(key);
                if (ref != null) {
                    rows.add(output.project(ref.segment(), ref.row()));
                }
            }
        }
        return rows;
    }

    List<Map<String, Object>> query(QueryRequest request) {
        boolean count = request.outputFields().contains(QueryRequest.COUNT);
        if (count && request.outputFields().size() > 1) {
            throw AkashaException.invalid("count(*) must be the only output field, got " + request.outputFields());
        }
        if (request.limit() < 0 || request.offset() < 0) {
            throw AkashaException.invalid("limit and offset must not be negative, got limit " + request.limit()
                    + " and offset " + request.offset());
        }
        if (count && (request.limit() > 0 || request.offset() > 0)) {
            throw AkashaException.invalid("count(*) counts every match: it takes no limit or offset");
        }
        if ((long) request.limit() + request.offset() > Limits.MAX_QUERY_RESULT) {
            throw new AkashaException(AkashaException.ErrorCode.RESOURCE_EXHAUSTED, "limit + offset is "
                    + ((long) request.limit() + request.offset()) + "; the limit is " + Limits.MAX_QUERY_RESULT);
        }
        boolean noFilter = request.filter() == null || request.filter().isBlank();
        if (noFilter && !count && request.limit() == 0) {
            throw AkashaException.invalid("a query without a filter needs a limit");
        }
        Filter filter = noFilter ? null : Filter.compile(request.filter(), state.schema);
        OutputFields output = count ? null : OutputFields.resolve(state.schema,
                request.outputFields().isEmpty() ? List.of("*") : request.outputFields());
        List<Segment> segments = state.segments(request.partitions());
        long snapshot = state.visibleSequence();
        long matches = 0;
        List<Map<String, Object>> rows = new ArrayList<>();
        int skip = request.offset();
        int wanted = request.limit() == 0 ? Integer.MAX_VALUE : request.limit();
        for (Segment segment : segments) {
            RoaringBitmap selected = selected(segment, filter, snapshot);
            matches += selected.getLongCardinality();
            if (count || rows.size() >= wanted) {
                continue;
            }
            for (int row : selected) {
                if (skip > 0) {
                    skip--;
                } else if (rows.size() < wanted) {
                    rows.add(output.project(segment, row));
                } else {
                    break;
                }
            }
        }
        if (count) {
            return List.of(Map.of(QueryRequest.COUNT, matches));
        }
        if (request.limit() == 0 && matches > Limits.MAX_QUERY_RESULT) {
            throw new AkashaException(AkashaException.ErrorCode.RESOURCE_EXHAUSTED, "the query matches " + matches
                    + " rows, more than the " + Limits.MAX_QUERY_RESULT + " one call returns; page through them with "
                    + "limit and offset, or count them with count(*)");
        }
        return rows;
    }

    List<List<Hit>> search(SearchRequest request) {
        Field field = vectorField(request.vectorField());
        int fieldIndex = state.schema.fields().indexOf(field);
        checkSearchShape(request);
        for (int i = 0; i < request.vectors().size(); i++) {
            float[] vector = request.vectors().get(i);
            if (vector == null) {
                throw AkashaException.invalid("query vector " + i + " is null");
            }
            ValueConverter.checkVector("query vector " + i, vector, field.dimension(), field.metric());
        }
        request.parameters().forEach((name, value) -> {
            if (value == null) {
                throw AkashaException.invalid("search parameter '" + name + "' has no value");
            }
        });
        Map<String, Object> indexParameters = new HashMap<>(request.parameters());
        ScoreWindow window = rangeWindow(field, indexParameters.remove(RADIUS), indexParameters.remove(RANGE_FILTER));
        FilterPlan plan = FilterPlan.parse(indexParameters.remove(FilterPlan.PARAMETER));
        checkIndexParameters(field, indexParameters);
        // Immutable once, so that the options built per segment and query share it instead of copying it.
        Map<String, Object> searchParameters = Map.copyOf(indexParameters);
        Filter filter = request.filter() == null || request.filter().isBlank() ? null
                : Filter.compile(request.filter(), state.schema);
        OutputFields output = OutputFields.resolve(state.schema, request.outputFields());
        List<Segment> segments = state.segments(request.partitions());
        long snapshot = state.visibleSequence();
        Map<Segment, RoaringBitmap> allowed = new HashMap<>();
        if (filter != null) {
            for (Segment segment : segments) {
                allowed.put(segment, selected(segment, filter, snapshot));
            }
        }
        Scope scope = new Scope(field, fieldIndex, segments, allowed, snapshot, window, searchParameters, plan,
                request.offset(), request.limit() + request.offset(), output, request.deadline());
        return queries.map(request.vectors().size(), i -> hits(request.vectors().get(i), scope));
    }

    /** What every query of one search shares: the field, the segments and their allowed rows, the snapshot, options. */
    private record Scope(Field field, int fieldIndex, List<Segment> segments, Map<Segment, RoaringBitmap> allowed,
                         long snapshot, ScoreWindow window, Map<String, Object> parameters, FilterPlan plan, int offset,
                         int keep, OutputFields output, java.time.Instant deadline) {
    }

    /** One query's hits: the best of every segment's, merged; thread-safe (queries of a search run in parallel). */
    private List<Hit> hits(float[] query, Scope scope) {
        List<Segment> segments = scope.segments;
        List<Candidate> candidates = new ArrayList<>();
        for (int s = 0; s < segments.size(); s++) {
            checkDeadline(scope.deadline);
            Segment segment = segments.get(s);
            RoaringBitmap rows = scope.allowed.get(segment);
            if (segment.rowCount() == 0 || (rows != null && rows.isEmpty())) {
                continue;
            }
            SearchResult found = segment.search(scope.fieldIndex, query, scope.keep, rows, scope.snapshot, scope.window,
                    scope.parameters, scope.plan);
            for (int i = 0; i < found.size(); i++) {
                candidates.add(new Candidate(TopK.encode(found.scores()[i], 0), s, found.ids()[i]));
            }
        }
        // Best score first; ties in segment order, then row order, as within a segment.
        candidates.sort((a, b) -> a.score != b.score ? Long.compare(b.score, a.score)
                : a.segment != b.segment ? Integer.compare(a.segment, b.segment) : Integer.compare(a.row, b.row));
        int keyField = preparer.keyField();
        List<Hit> hits = new ArrayList<>();
        for (int i = scope.offset; i < Math.min(scope.keep, candidates.size()); i++) {
            Candidate c = candidates.get(i);
            Segment segment = segments.get(c.segment);
            float score = TopK.decodeScore(c.score);
            hits.add(new Hit(segment.column(keyField).get(c.row), scope.field.metric().reportedValue(score),
                    scope.output.projectWithoutKey(segment, c.row)));
        }
        return List.copyOf(hits);
    }

    private static void checkDeadline(java.time.Instant deadline) {
        if (deadline != null && java.time.Instant.now().isAfter(deadline)) {
            throw new AkashaException(AkashaException.ErrorCode.DEADLINE_EXCEEDED,
                    "the search's deadline passed before it finished (deadline " + deadline + ")");
        }
    }

    /** A row found in one segment: its score (packed for ordering), segment position and row. */
    private record Candidate(long score, int segment, int row) {
    }

    private static RoaringBitmap selected(Segment segment, Filter filter, long snapshot) {
        RoaringBitmap visible = segment.visibleRows(snapshot);
        return filter == null ? visible : filter.evaluate(segment, visible);
    }

    private Field vectorField(String name) {
        List<Field> vectors = state.schema.vectorFields();
        if (name == null) {
            if (vectors.size() > 1) {
                throw AkashaException.invalid("collection '" + state.name + "' has several vector fields "
                        + vectors.stream().map(Field::name).toList() + "; name the one to search");
            }
            return vectors.getFirst();
        }
        return vectors.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> AkashaException.invalid("'" + name + "' is not a vector field of collection '"
                        + state.name + "'; the vector fields are " + vectors.stream().map(Field::name).toList()));
    }

    private static void checkSearchShape(SearchRequest request) {
        int nq = request.vectors().size();
        if (nq == 0) {
            throw AkashaException.invalid("a search needs at least one query vector");
        }
        if (nq > Limits.MAX_QUERY_VECTORS) {
            throw new AkashaException(AkashaException.ErrorCode.RESOURCE_EXHAUSTED, nq
                    + " query vectors; the limit is " + Limits.MAX_QUERY_VECTORS + " per search");
        }
        if (request.limit() < 1) {
            throw AkashaException.invalid("limit (top-k) must be at least 1, got " + request.limit());
        }
        if (request.offset() < 0) {
            throw AkashaException.invalid("offset must not be negative, got " + request.offset());
        }
        if ((long) request.limit() + request.offset() > Limits.MAX_TOP_K) {
            throw new AkashaException(AkashaException.ErrorCode.RESOURCE_EXHAUSTED, "limit + offset is "
                    + ((long) request.limit() + request.offset()) + "; the limit is " + Limits.MAX_TOP_K);
        }
    }

    /**
     * Milvus's range search: for L2 {@code range_filter <= distance < radius}, so radius must
     * exceed range_filter; for IP and COSINE {@code radius < similarity <= range_filter}, so
     * radius must be below it.
     */
    private static ScoreWindow rangeWindow(Field field, Object radius, Object rangeFilter) {
        if (radius == null && rangeFilter == null) {
            return ScoreWindow.ALL;
        }
        if (radius == null) {
            throw AkashaException.invalid("range_filter needs radius: a range search is set by radius");
        }
        double r = number(RADIUS, radius);
        Double f = rangeFilter == null ? null : number(RANGE_FILTER, rangeFilter);
        boolean l2 = field.metric() == io.akasha.core.vector.Similarity.L2;
        if (f != null && (l2 ? f >= r : f <= r)) {
            throw AkashaException.invalid("for " + field.metric() + ", range_filter must be " + (l2 ? "below" : "above")
                    + " radius (" + (l2 ? "range_filter <= distance < radius" : "radius < similarity <= range_filter")
                    + "), got radius " + r + " and range_filter " + f);
        }
        return ScoreWindow.ofRange(field.metric(), r, f);
    }

    private static double number(String name, Object value) {
        if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        throw AkashaException.invalid("search parameter '" + name + "' must be a finite number, got "
                + ValueConverter.describe(value));
    }

    private static void checkIndexParameters(Field field, Map<String, Object> parameters) {
        IndexProvider provider = CollectionIndexer.provider(field);
        try {
            provider.checkSearchParameters(parameters);
        } catch (IllegalArgumentException e) {
            throw AkashaException.invalid("field '" + field.name() + "': " + e.getMessage()
                    + " (the engine itself takes " + ENGINE_PARAMETERS + ")");
        }
    }
}
