package io.akasha.core.vector;

import java.util.Set;

/**
 * Native kernels, found with {@link java.util.ServiceLoader}: the {@code akasha-native} module
 * provides one, which loads a C library compiled for this CPU through the FFM linker. Engine core
 * does not depend on it; without it on the class path every kernel stays in Java.
 *
 * <p>{@link VectorizationProvider} asks once, at start-up: if {@link #unavailableReason()} is
 * null, the kernels in {@link #defaultKernels()} are served natively unless a system property
 * says otherwise ({@code akasha.vectorization=native} or {@code akasha.kernel.<kernel>=native}
 * forces native, {@code panama} or {@code scalar} forces Java).
 */
public interface NativeKernelsProvider {

    /** Why the native kernels cannot be used on this machine, or null when they can. */
    String unavailableReason();

    /** The native implementation of every kernel; only called when {@link #unavailableReason()} is null. */
    VectorUtilSupport kernels();

    /**
     * The kernels served natively by default: those measured faster than the Panama ones on this
     * variant (bench/RESULTS.md), never chosen by taste.
     */
    Set<Kernel> defaultKernels();
}
