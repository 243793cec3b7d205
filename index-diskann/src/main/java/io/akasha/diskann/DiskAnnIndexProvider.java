package io.akasha.diskann;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.akasha.core.index.IndexProvider;
import io.akasha.core.index.VectorIndex;
import io.akasha.core.vector.FloatVectors;
import io.akasha.core.vector.Similarity;

/**
 * Registers {@link DiskIndex} as {@code diskann}. Chosen by name only (a preference below HNSW's):
 * it trades latency for memory, which a collection asks for. A segment's index is built into an
 * unnamed file (in {@code akasha.diskann.buildDirectory}, default the JVM's temporary directory)
 * and saved next to the segment at its checkpoint; an index opened from there reads its records
 * as {@code akasha.diskann.access} says ({@code mapped}, the default, {@code direct} or
 * {@code direct_serial}: {@link DiskIndex.Access}) with a
 * node cache of {@code akasha.diskann.cacheBytes} (default 0).
 */
public final class DiskAnnIndexProvider implements IndexProvider {

    @Override
    public String name() {
        return "diskann";
    }

    @Override
    public int preference() {
        return 5;
    }

    @Override
    public Set<String> buildParameters() {
        return DiskAnnParameters.BUILD;
    }

    @Override
    public Set<String> searchParameters() {
        return DiskAnnParameters.SEARCH;
    }

    @Override
    public void checkBuildParameters(Map<String, String> parameters) {
        DiskAnnParameters.parse(parameters);
    }

    @Override
    public void checkSearchParameters(Map<String, Object> parameters) {
        IndexProvider.super.checkSearchParameters(parameters);
        DiskAnnParameters.searchList(parameters);
        DiskAnnParameters.beamWidth(parameters);
    }

    @Override
    public VectorIndex build(FloatVectors vectors, Similarity similarity, Map<String, String> parameters, int threads) {
        if (!similarity.normalizesVectors()) {
            return buildOverScoringVectors(vectors, similarity, parameters, threads);
        }
        try (FloatVectors scoring = vectors.normalizedCopy()) {
            return buildOverScoringVectors(scoring, similarity, parameters, threads);
        }
    }

    @Override
    public VectorIndex buildOverScoringVectors(FloatVectors scoring, Similarity similarity,
                                               Map<String, String> parameters, int threads) {
        DiskAnnParameters parsed = DiskAnnParameters.parse(parameters);
        Path directory = Path.of(System.getProperty("akasha.diskann.buildDirectory", System.getProperty("java.io.tmpdir")));
        try {
            return DiskIndex.buildUnnamed(directory, scoring, similarity, parsed.graph(), parsed.pqBytes(scoring.dim()),
                    threads);
        } catch (IOException e) {
            throw new UncheckedIOException("building a DiskANN index in " + directory, e);
        }
    }

    @Override
    public boolean savesToFile() {
        return true;
    }

    @Override
    public void save(VectorIndex index, Path path) throws IOException {
        ((DiskIndex) index).saveCopy(path);
    }

    /** Opens the saved index; it holds its own copy of the vectors, so {@code scoring} is not read. */
    @Override
    public VectorIndex open(Path path, FloatVectors scoring) throws IOException {
        return DiskIndex.open(path, openOptions());
    }

    /** The read options the system properties name. */
    static DiskIndex.OpenOptions openOptions() {
        String access = System.getProperty("akasha.diskann.access", "mapped").trim().toUpperCase(Locale.ROOT);
        String cache = System.getProperty("akasha.diskann.cacheBytes", "0").trim();
        try {
            return new DiskIndex.OpenOptions(DiskIndex.Access.valueOf(access), Long.parseLong(cache));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("akasha.diskann.access must be mapped, direct or direct_serial and "
                    + "akasha.diskann.cacheBytes a byte count >= 0; got '" + access.toLowerCase(Locale.ROOT) + "' and '"
                    + cache + "'", e);
        }
    }
}
