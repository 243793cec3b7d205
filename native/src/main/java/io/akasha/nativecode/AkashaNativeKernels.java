package io.akasha.nativecode;

import java.util.EnumSet;
import java.util.Set;

import io.akasha.core.vector.Kernel;
import io.akasha.core.vector.NativeKernelsProvider;
import io.akasha.core.vector.VectorUtilSupport;

/**
 * The {@link NativeKernelsProvider} of this module, registered for {@link java.util.ServiceLoader}:
 * loads the C kernels for this CPU and says which of them serve by default.
 */
public final class AkashaNativeKernels implements NativeKernelsProvider {

    /**
     * The kernels measured at least 1.2x faster than Panama (512-bit here) at every dimension of
     * {@code NativeKernelBenchmark} (100, 128, 768, 784; bench/RESULTS.md "Native kernels against
     * Panama"): the int8 dot products (C widens and multiply-adds 16 bytes per instruction pair
     * where the Vector API converts through shorts) and the PQ table lookups (C indexes without
     * bounds checks). Native for every call.
     */
    static final Set<Kernel> FASTER_AT_EVERY_DIMENSION =
            EnumSet.of(Kernel.INT8_DOT_PRODUCT, Kernel.INT8_DOT_PRODUCT_ROWS, Kernel.PQ_SCORE_ROWS);

    /**
     * The float kernels of graph searches, scoring gathered rows: native below
     * {@link #SHORT_VECTORS_BELOW} dimensions. Measured inside HNSW, medians of three rounds
     * against Panama in the same run (bench/RESULTS.md "Native float kernels for short
     * vectors"): 1.25x at QPS@0.95 on glove100 (dimension 100), 0.90x on siftsmall (128). In JMH
     * with rows gathered from memory (the index's regime: the C kernel prefetches), 1.20x / 1.39x
     * (dot / L2) at 100 and 1.10x / 1.19x at 128. The other float kernels stay Java at every
     * dimension (no index measured them faster native).
     */
    static final Set<Kernel> FASTER_FOR_SHORT_VECTORS = EnumSet.of(Kernel.DOT_PRODUCT_ROWS, Kernel.SQUARE_DISTANCE_ROWS);
    static final int SHORT_VECTORS_BELOW = 128;

    private final VectorUtilSupport kernels;
    private final String unavailable;

    /** Loads the library; a failure is kept as the reason, never thrown (ServiceLoader would wrap it). */
    public AkashaNativeKernels() {
        VectorUtilSupport loaded = null;
        String reason = null;
        try {
            loaded = new NativeVectorUtilSupport();
        } catch (ExceptionInInitializerError e) {
            reason = String.valueOf(e.getCause() == null ? e : e.getCause().getMessage());
        } catch (LinkageError | RuntimeException e) {
            reason = e.toString();
        }
        this.kernels = loaded;
        this.unavailable = reason;
    }

    @Override
    public String unavailableReason() {
        return unavailable;
    }

    @Override
    public VectorUtilSupport kernels() {
        if (kernels == null) {
            throw new IllegalStateException("native kernels are unavailable: " + unavailable);
        }
        return kernels;
    }

    @Override
    public int defaultBelowDimension(Kernel kernel) {
        if (FASTER_AT_EVERY_DIMENSION.contains(kernel)) {
            return Integer.MAX_VALUE;
        }
        return FASTER_FOR_SHORT_VECTORS.contains(kernel) ? SHORT_VECTORS_BELOW : 0;
    }
}
