package io.akasha.core.segment;

import java.util.Locale;

import io.akasha.core.AkashaException;

/**
 * How a filtered search reaches the rows that pass: scoring just those rows ({@link #BITMAP}),
 * or letting the segment's index search with the filter ({@link #INDEX}). {@link #AUTO} picks
 * by selectivity (see {@link io.akasha.core.index.VectorIndex#bitmapPlanBreakEven()}); the other two exist to measure
 * the plans against each other, through the search parameter {@value #PARAMETER}.
 */
public enum FilterPlan {
    AUTO, BITMAP, INDEX;

    /** The search parameter that forces a plan. */
    public static final String PARAMETER = "filter_plan";

    /** Parses a {@value #PARAMETER} value: {@code auto}, {@code bitmap} or {@code index}, any case. */
    public static FilterPlan parse(Object value) {
        if (value == null) {
            return AUTO;
        }
        try {
            return valueOf(String.valueOf(value).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw AkashaException.invalid("search parameter '" + PARAMETER + "' must be auto, bitmap or index, got '"
                    + value + "'");
        }
    }
}
