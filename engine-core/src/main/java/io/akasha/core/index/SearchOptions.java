package io.akasha.core.index;

import java.util.Map;

import io.akasha.core.search.RowFilter;
import io.akasha.core.search.ScoreWindow;

/**
 * What a search asks of an index beyond the query and k.
 *
 * @param filter     the rows that may be returned
 * @param window     the scores that may be returned (range search)
 * @param parameters per-request search parameters by name, for example {@code ef}; an index
 *                   rejects names it does not know, listing the ones it does
 * @param passing    the share of the rows {@code filter} accepts, in (0, 1] (1 without a filter
 *                   or when unknown), for indexes that search differently when few rows pass
 */
public record SearchOptions(RowFilter filter, ScoreWindow window, Map<String, Object> parameters, double passing) {

    public static final SearchOptions DEFAULT = new SearchOptions(RowFilter.ALL, ScoreWindow.ALL, Map.of());

    public SearchOptions {
        parameters = Map.copyOf(parameters);
        if (!(passing >= 0 && passing <= 1)) {
            throw new IllegalArgumentException("passing must be a share in [0, 1], got " + passing);
        }
    }

    /** Options whose filter passes an unknown share of the rows. */
    public SearchOptions(RowFilter filter, ScoreWindow window, Map<String, Object> parameters) {
        this(filter, window, parameters, 1);
    }
}
