package io.akasha.core.collection;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.akasha.core.AkashaException;
import io.akasha.core.index.IndexProvider;
import io.akasha.core.index.VectorIndex;
import io.akasha.core.schema.Field;
import io.akasha.core.segment.SegmentIndexer;
import io.akasha.core.vector.FloatVectors;

/**
 * Builds the vector index of a sealed segment as the field's {@link io.akasha.core.schema.IndexSpec}
 * says, through the {@link IndexProvider} SPI, over the segment's own scoring vectors (which the
 * flat and HNSW indexes read in place).
 */
final class CollectionIndexer implements SegmentIndexer {

    private final int threads;

    CollectionIndexer(int threads) {
        this.threads = threads;
    }

    /** The provider of a field's index spec ({@code AUTOINDEX}: the most preferred one). */
    static IndexProvider provider(Field field) {
        try {
            return IndexProvider.select(field.index().isAuto() ? null : field.index().type().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw AkashaException.invalid("field '" + field.name() + "': " + e.getMessage());
        }
    }

    /** Rejects an index spec that names an unknown index or a bad parameter, when the collection is created. */
    static void check(Field field) {
        try {
            provider(field).checkBuildParameters(field.index().parameters());
        } catch (IllegalArgumentException e) {
            throw AkashaException.invalid("field '" + field.name() + "': " + e.getMessage());
        }
    }

    @Override
    public boolean indexesChunks(Field field) {
        return !provider(field).exact();
    }

    @Override
    public VectorIndex build(Field field, FloatVectors scoring) {
        return provider(field).buildOverScoringVectors(scoring, field.metric(), field.index().parameters(), threads);
    }

    /**
     * {@code <field>.<index>}, plus a fingerprint of the build parameters when there are any
     * ({@code v.hnsw.1f3a09c2}): the name says which spec built the file, so a file built under
     * a spec that has since changed is never opened as the new one.
     */
    @Override
    public String indexFileName(Field field) {
        IndexProvider provider = provider(field);
        if (!provider.savesToFile()) {
            return null;
        }
        String name = field.name() + "." + provider.name();
        Map<String, String> parameters = field.index().parameters();
        // Sorted: the spec's map iterates in no fixed order; String.hashCode is the same in every JVM.
        return parameters.isEmpty() ? name
                : name + "." + HexFormat.of().toHexDigits(new TreeMap<>(parameters).toString().hashCode());
    }

    @Override
    public void save(Field field, VectorIndex index, Path path) throws IOException {
        provider(field).save(index, path);
    }

    @Override
    public VectorIndex open(Field field, Path path, FloatVectors scoring) throws IOException {
        return provider(field).open(path, scoring);
    }
}
