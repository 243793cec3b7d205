package io.akasha.diskann;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The DiskANN index's parameters as a collection's index spec and a search request give them,
 * named as in Milvus where Milvus has the same knob.
 *
 * @param graph    the Vamana build parameters ({@code max_degree}, {@code search_list_size},
 *                 {@code alpha}, {@code seed})
 * @param pqBytes  bytes of PQ code per vector ({@code pq_bytes}; 0: a quarter of the dimension)
 */
public record DiskAnnParameters(VamanaParameters graph, int pqBytes) {

    public static final String MAX_DEGREE = "max_degree";
    public static final String BUILD_LIST = "search_list_size";
    public static final String ALPHA = "alpha";
    public static final String PQ_BYTES = "pq_bytes";
    public static final String SEED = "seed";
    /** Search parameter: the list size L of a search (at least k). */
    public static final String SEARCH_LIST = "search_list";
    /** Search parameter: W, the records read per hop. */
    public static final String BEAM_WIDTH = "beam_width";

    public static final int DEFAULT_SEARCH_LIST = 100;
    public static final int DEFAULT_BEAM_WIDTH = 4;
    public static final int MAX_BEAM_WIDTH = 64;

    static final Set<String> BUILD = Set.of(MAX_DEGREE, BUILD_LIST, ALPHA, PQ_BYTES, SEED);
    static final Set<String> SEARCH = Set.of(SEARCH_LIST, BEAM_WIDTH);

    public DiskAnnParameters {
        java.util.Objects.requireNonNull(graph, "graph");
        if (pqBytes < 0 || pqBytes > 4096) {
            throw new IllegalArgumentException("parameter '" + PQ_BYTES + "' must be in 0..4096, got " + pqBytes);
        }
    }

    /** PQ bytes per vector for vectors of {@code dim} dimensions: the given number, or dim / 4. */
    public int pqBytes(int dim) {
        return Math.min(dim, pqBytes > 0 ? pqBytes : Math.max(1, dim / 4));
    }

    /** Parses build parameters, rejecting unknown names and values that are not numbers. */
    public static DiskAnnParameters parse(Map<String, String> parameters) {
        for (String name : parameters.keySet()) {
            if (!BUILD.contains(name)) {
                throw new IllegalArgumentException("the diskann index has no build parameter '" + name + "'; it takes "
                        + new TreeSet<>(BUILD));
            }
        }
        VamanaParameters graph = new VamanaParameters(
                (int) integer(parameters, MAX_DEGREE, VamanaParameters.DEFAULT_MAX_DEGREE),
                (int) integer(parameters, BUILD_LIST, VamanaParameters.DEFAULT_BUILD_LIST),
                alpha(parameters.get(ALPHA)),
                integer(parameters, SEED, VamanaParameters.DEFAULT_SEED));
        return new DiskAnnParameters(graph, (int) integer(parameters, PQ_BYTES, 0));
    }

    /** The {@code search_list} of a search's parameters (default {@value #DEFAULT_SEARCH_LIST}). */
    static int searchList(Map<String, Object> parameters) {
        return searchInteger(parameters, SEARCH_LIST, DEFAULT_SEARCH_LIST, 1 << 16);
    }

    /** The {@code beam_width} of a search's parameters (default {@value #DEFAULT_BEAM_WIDTH}). */
    static int beamWidth(Map<String, Object> parameters) {
        return searchInteger(parameters, BEAM_WIDTH, DEFAULT_BEAM_WIDTH, MAX_BEAM_WIDTH);
    }

    private static int searchInteger(Map<String, Object> parameters, String name, int fallback, int max) {
        Object given = parameters.get(name);
        if (given == null) {
            return fallback;
        }
        long value = given instanceof Number n && n.doubleValue() == n.longValue() ? n.longValue()
                : parseInteger(name, String.valueOf(given));
        if (value < 1 || value > max) {
            throw new IllegalArgumentException("search parameter '" + name + "' must be in 1.." + max + ", got " + given);
        }
        return (int) value;
    }

    private static float alpha(String text) {
        if (text == null) {
            return VamanaParameters.DEFAULT_ALPHA;
        }
        try {
            return Float.parseFloat(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter '" + ALPHA + "' must be a number, got '" + text + "'");
        }
    }

    private static long integer(Map<String, String> parameters, String name, long fallback) {
        String text = parameters.get(name);
        return text == null ? fallback : parseInteger(name, text);
    }

    private static long parseInteger(String name, String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter '" + name + "' must be an integer, got '" + text + "'");
        }
    }
}
