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
 */
public record SearchOptions(RowFilter filter, ScoreWindow window, Map<String, Object> parameters) {

    public static final SearchOptions DEFAULT = new SearchOptions(RowFilter.ALL, ScoreWindow.ALL, Map.of());

    public SearchOptions {
        parameters = Map.copyOf(parameters);
    }
}
