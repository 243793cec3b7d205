package io.akasha.hnsw;

import java.util.Map;
import java.util.Set;

/**
 * Build parameters of an HNSW graph, named as in hnswlib and Milvus.
 *
 * @param m              links per node on the upper levels; level 0 keeps up to {@code 2 * m}
 * @param efConstruction the beam width while inserting
 * @param seed           seeds the level of each node
 * @param quantization   what searches score while they walk the graph (the graph itself is
 *                       always built over the float vectors)
 */
public record HnswParameters(int m, int efConstruction, long seed, Quantization quantization) {

    /** What a search scores while walking the graph. */
    public enum Quantization {
        /** The float vectors. */
        NONE,
        /**
         * int8 codes of the vectors (a quarter of the bytes per visited node), then the float
         * vectors of the {@code ef} best nodes found, to rerank them exactly.
         */
        INT8
    }

    public static final String M = "M";
    public static final String EF_CONSTRUCTION = "efConstruction";
    public static final String SEED = "seed";
    /** Build parameter: {@code none} (default) or {@code int8}. */
    public static final String QUANTIZATION = "quantization";
    /** The search parameter: the beam width of a search, at least k. */
    public static final String EF = "ef";

    public static final int DEFAULT_M = 16;
    public static final int DEFAULT_EF_CONSTRUCTION = 200;
    public static final int DEFAULT_EF = 64;
    public static final long DEFAULT_SEED = 42;

    static final Set<String> BUILD = Set.of(M, EF_CONSTRUCTION, SEED, QUANTIZATION);
    static final Set<String> SEARCH = Set.of(EF);

    public HnswParameters {
        if (m < 2 || m > 2048) {
            throw new IllegalArgumentException("M must be in 2..2048, got " + m);
        }
        if (efConstruction < 1 || efConstruction > 1 << 16) {
            throw new IllegalArgumentException("efConstruction must be in 1..65536, got " + efConstruction);
        }
        java.util.Objects.requireNonNull(quantization, "quantization");
    }

    public HnswParameters(int m, int efConstruction, long seed) {
        this(m, efConstruction, seed, Quantization.NONE);
    }

    public static HnswParameters defaults() {
        return new HnswParameters(DEFAULT_M, DEFAULT_EF_CONSTRUCTION, DEFAULT_SEED);
    }

    public HnswParameters withQuantization(Quantization walk) {
        return new HnswParameters(m, efConstruction, seed, walk);
    }

    /** Parses build parameters, rejecting unknown names and values that are not integers. */
    public static HnswParameters parse(Map<String, String> parameters) {
        for (String name : parameters.keySet()) {
            if (!BUILD.contains(name)) {
                throw new IllegalArgumentException("the hnsw index has no build parameter '" + name + "'; it takes "
                        + new java.util.TreeSet<>(BUILD));
            }
        }
        return new HnswParameters(
                (int) integer(M, parameters.getOrDefault(M, Integer.toString(DEFAULT_M))),
                (int) integer(EF_CONSTRUCTION, parameters.getOrDefault(EF_CONSTRUCTION,
                        Integer.toString(DEFAULT_EF_CONSTRUCTION))),
                integer(SEED, parameters.getOrDefault(SEED, Long.toString(DEFAULT_SEED))),
                quantization(parameters.getOrDefault(QUANTIZATION, "none")));
    }

    private static Quantization quantization(String text) {
        for (Quantization value : Quantization.values()) {
            if (value.name().equalsIgnoreCase(text.trim())) {
                return value;
            }
        }
        throw new IllegalArgumentException("parameter '" + QUANTIZATION + "' must be none or int8, got '" + text + "'");
    }

    /** The {@code ef} of a search's parameters (default {@value #DEFAULT_EF}). */
    static int ef(Map<String, Object> parameters) {
        Object ef = parameters.get(EF);
        if (ef == null) {
            return DEFAULT_EF;
        }
        long value = ef instanceof Number n && n.doubleValue() == n.longValue() ? n.longValue()
                : integer(EF, String.valueOf(ef));
        if (value < 1 || value > 1 << 16) {
            throw new IllegalArgumentException("search parameter 'ef' must be in 1..65536, got " + ef);
        }
        return (int) value;
    }

    private static long integer(String name, String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter '" + name + "' must be an integer, got '" + text + "'");
        }
    }
}
