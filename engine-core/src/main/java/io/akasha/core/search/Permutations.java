package io.akasha.core.search;

import java.util.SplittableRandom;

/** Seeded shuffles: the same order for the same seed on every machine (query orders, build orders, samples). */
public final class Permutations {

    private Permutations() {
    }

    /** A permutation of 0..n-1 (Fisher-Yates over {@link SplittableRandom} seeded with {@code seed}). */
    public static int[] seeded(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
