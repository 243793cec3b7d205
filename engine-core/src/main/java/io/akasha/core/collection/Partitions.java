package io.akasha.core.collection;

import java.nio.charset.StandardCharsets;

/** The default partition's name and the hash that spreads rows across partitions by a partition-key field. */
final class Partitions {

    /** The partition every collection has, as in Milvus. */
    static final String DEFAULT = "_default";

    private Partitions() {
    }

    /**
     * The partition a partition-key value hashes to, {@code _default_0 .. _default_{n-1}}. The
     * hash is fixed (64-bit murmur3 finalizer over the value, strings as UTF-8), because stored
     * data will depend on it.
     */
    static String forKey(Object key, int partitions) {
        long h;
        if (key instanceof Long v) {
            h = v;
        } else {
            h = 1125899906842597L;
            for (byte b : ((String) key).getBytes(StandardCharsets.UTF_8)) {
                h = 31 * h + b;
            }
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return DEFAULT + "_" + Math.floorMod(h, partitions);
    }
}
