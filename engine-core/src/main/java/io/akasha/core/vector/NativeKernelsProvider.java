package io.akasha.core.vector;

/**
 * Native kernels, found with {@link java.util.ServiceLoader}: the {@code akasha-native} module
 * provides one, which loads a C library compiled for this CPU through the FFM linker. Engine core
 * does not depend on it; without it on the class path every kernel stays in Java.
 *
 * <p>{@link VectorizationProvider} asks once, at start-up: if {@link #unavailableReason()} is
 * null, each kernel is served natively for the dimensions {@link #defaultBelowDimension} gives,
 * unless a system property says otherwise ({@code akasha.vectorization=native} or {@code akasha.kernel.<kernel>=native}
 * forces native, {@code panama} or {@code scalar} forces Java).
 */
public interface NativeKernelsProvider {

    /** Why the native kernels cannot be used on this machine, or null when they can. */
    String unavailableReason();

    /** The native implementation of every kernel; only called when {@link #unavailableReason()} is null. */
    VectorUtilSupport kernels();

    /**
     * Below which vector dimension {@code kernel} is served natively by default (for PQ scores,
     * below how many subspaces): {@link Integer#MAX_VALUE} for every call, 0 for none. Each value
     * comes from measurements against the Panama kernels (bench/RESULTS.md), never from taste.
     */
    int defaultBelowDimension(Kernel kernel);
}
