package io.akasha.diskann;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.function.IntToLongFunction;

import io.akasha.core.vector.VectorUtil;

/**
 * The robust prune of the DiskANN paper, owned by one thread and reused: candidates are taken
 * nearest first, and each kept one drops every remaining candidate it is {@code alpha} times
 * closer to than the node is (squared distances, hence alpha squared). Distances are squared
 * Euclidean between vectors in scoring form, wherever they lie: {@code data} at
 * {@code offsetOf(node)} (a build's vectors, or an index file's records).
 */
final class RobustPrune {

    private final MemorySegment data;
    private final IntToLongFunction offsetOf;
    private final int maxDegree;
    private final float[] kept;
    private int[] candidates = new int[256];
    private float[] distances = new float[256];
    private boolean[] dropped = new boolean[256];
    /** The ids the last {@link #prune} kept, nearest first. */
    final int[] chosen;

    RobustPrune(MemorySegment data, IntToLongFunction offsetOf, int dim, int maxDegree) {
        this.data = data;
        this.offsetOf = offsetOf;
        this.maxDegree = maxDegree;
        this.kept = new float[dim];
        this.chosen = new int[maxDegree];
    }

    /**
     * Prunes the distinct nodes of {@code a[0..aCount)} and {@code b[0..bCount)} other than
     * {@code node} for {@code node}, whose vector is {@code vector}; leaves the kept ids in
     * {@link #chosen} and returns how many.
     */
    int prune(int node, float[] vector, int[] a, int aCount, int[] b, int bCount, float alpha) {
        int size = gather(node, vector, a, aCount, b, bCount);
        sortByDistance(size);
        Arrays.fill(dropped, 0, size, false);
        float alphaSquared = alpha * alpha;
        int degree = 0;
        for (int i = 0; i < size && degree < maxDegree; i++) {
            if (dropped[i]) {
                continue;
            }
            chosen[degree++] = candidates[i];
            MemorySegment.copy(data, DiskIndexFormat.FLOAT, offsetOf.applyAsLong(candidates[i]), kept, 0, kept.length);
            for (int j = i + 1; j < size; j++) {
                if (!dropped[j] && alphaSquared * VectorUtil.squareDistance(kept, data,
                        offsetOf.applyAsLong(candidates[j])) <= distances[j]) {
                    dropped[j] = true;
                }
            }
        }
        return degree;
    }

    private int gather(int node, float[] vector, int[] a, int aCount, int[] b, int bCount) {
        int total = aCount + bCount;
        if (candidates.length < total) {
            candidates = new int[total];
            distances = new float[total];
            dropped = new boolean[total];
        }
        int size = 0;
        for (int i = 0; i < total; i++) {
            int id = i < aCount ? a[i] : b[i - aCount];
            if (id != node && !contains(candidates, size, id)) {
                candidates[size++] = id;
            }
        }
        for (int i = 0; i < size; i++) {
            distances[i] = VectorUtil.squareDistance(vector, data, offsetOf.applyAsLong(candidates[i]));
        }
        return size;
    }

    static boolean contains(int[] ids, int count, int id) {
        for (int i = 0; i < count; i++) {
            if (ids[i] == id) {
                return true;
            }
        }
        return false;
    }

    /** Insertion sort by distance: lists are a few hundred long at most. */
    private void sortByDistance(int size) {
        for (int i = 1; i < size; i++) {
            int id = candidates[i];
            float distance = distances[i];
            int j = i - 1;
            while (j >= 0 && distances[j] > distance) {
                candidates[j + 1] = candidates[j];
                distances[j + 1] = distances[j];
                j--;
            }
            candidates[j + 1] = id;
            distances[j + 1] = distance;
        }
    }
}
