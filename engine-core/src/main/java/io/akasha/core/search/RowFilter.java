package io.akasha.core.search;

/**
 * Which rows of a segment a search may return: visible (inserted before the search began, not
 * deleted since) and passing the request's filter. Graph indexes still walk through rejected
 * rows; they only keep them out of the results.
 */
@FunctionalInterface
public interface RowFilter {

    /** Accepts every row. */
    RowFilter ALL = row -> true;

    boolean accept(int row);
}
