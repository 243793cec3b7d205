package io.akasha.core.collection;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import io.akasha.core.AkashaException;

/** Partition names and the hash that spreads rows across partitions by a partition-key field. */
final class Partitions {

    /** The partition every collection has, as in Milvus. */
    static final String DEFAULT = "_default";

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");

    private Partitions() {
    }

    static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw AkashaException.invalid("partition name '" + name
                    + "' is not valid: use a letter or '_' then letters, digits or '_' (at most 255)");
        }
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
