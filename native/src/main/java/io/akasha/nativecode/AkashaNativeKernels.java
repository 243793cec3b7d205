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
     * bounds checks). The float kernels stay in Java: native won at dimension 100, was level at
     * 128 and lost at 768-784, where Panama's 512-bit vectors beat the 256-bit AVX2 library.
     */
    static final Set<Kernel> MEASURED_FASTER =
            EnumSet.of(Kernel.INT8_DOT_PRODUCT, Kernel.INT8_DOT_PRODUCT_ROWS, Kernel.PQ_SCORE_ROWS);

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
    public Set<Kernel> defaultKernels() {
        return MEASURED_FASTER;
    }
}
