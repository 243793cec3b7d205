package io.akasha.diskann;

/**
 * Build parameters of a Vamana graph, named as in the DiskANN paper and Milvus.
 *
 * @param maxDegree R, the most links a node keeps
 * @param buildList L, the beam width of the searches that pick a node's candidates
 * @param alpha     the second pass's pruning factor (the first pass uses 1): a candidate is
 *                  dropped when a kept neighbour is {@code alpha} times closer to it than the
 *                  node is, so larger values keep more long links
 * @param seed      seeds the random initial graph and the insertion order
 */
public record VamanaParameters(int maxDegree, int buildList, float alpha, long seed) {

    public static final int DEFAULT_MAX_DEGREE = 64;
    public static final int DEFAULT_BUILD_LIST = 100;
    public static final float DEFAULT_ALPHA = 1.2f;
    public static final long DEFAULT_SEED = 42;

    public VamanaParameters {
        if (maxDegree < 2 || maxDegree > 1024) {
            throw new IllegalArgumentException("max degree R must be in 2..1024, got " + maxDegree);
        }
        if (buildList < maxDegree) {
            throw new IllegalArgumentException("build list L (" + buildList + ") must be at least the max degree R ("
                    + maxDegree + ")");
        }
        if (!(alpha >= 1) || !Float.isFinite(alpha)) {
            throw new IllegalArgumentException("alpha must be a finite number >= 1, got " + alpha);
        }
    }

    public static VamanaParameters defaults() {
        return new VamanaParameters(DEFAULT_MAX_DEGREE, DEFAULT_BUILD_LIST, DEFAULT_ALPHA, DEFAULT_SEED);
    }
}
