package io.akasha.core.vector;

import java.util.Locale;

/**
 * The kernels that can each be served by a different {@link VectorUtilSupport}.
 *
 * <p>The choice is per kernel, not global, so that a faster implementation (for example a native
 * bulk kernel) can replace one kernel without touching the others. The system property
 * {@code akasha.kernel.<propertyName>} forces one kernel's implementation.
 */
public enum Kernel {
    DOT_PRODUCT,
    SQUARE_DISTANCE,
    COSINE,
    DOT_PRODUCT_BULK,
    SQUARE_DISTANCE_BULK,
    DOT_PRODUCT_ROWS,
    SQUARE_DISTANCE_ROWS,
    INT8_DOT_PRODUCT,
    INT8_DOT_PRODUCT_ROWS,
    PQ_SCORE_ROWS;

    /** The suffix of this kernel's system property, for example {@code square_distance_bulk}. */
    public String propertyName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
