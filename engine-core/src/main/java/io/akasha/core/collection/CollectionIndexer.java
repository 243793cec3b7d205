package io.akasha.core.collection;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import io.akasha.core.AkashaException;
import io.akasha.core.index.FlatIndex;
import io.akasha.core.index.IndexProvider;
import io.akasha.core.index.VectorIndex;
import io.akasha.core.schema.Field;
import io.akasha.core.segment.SegmentIndexer;
import io.akasha.core.vector.FloatVectors;

/**
 * Builds the vector index of a sealed segment as the field's {@link io.akasha.core.schema.IndexSpec}
 * says, through the {@link IndexProvider} SPI. The flat index reads the segment's own scoring
 * vectors in place instead of copying them.
 */
final class CollectionIndexer implements SegmentIndexer {

    private static final String FLAT = "flat";

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

    /** Rejects an index spec that names an unknown index or parameter, when the collection is created. */
    static void check(Field field) {
        IndexProvider provider = provider(field);
        Set<String> known = new TreeSet<>(provider.buildParameters());
        for (String name : field.index().parameters().keySet()) {
            if (!known.contains(name)) {
                throw AkashaException.invalid("field '" + field.name() + "': the " + provider.name()
                        + " index has no build parameter '" + name + "'; it takes " + (known.isEmpty() ? "none" : known));
            }
        }
    }

    @Override
    public VectorIndex build(Field field, FloatVectors raw, FloatVectors scoring) {
        IndexProvider provider = provider(field);
        if (provider.name().equals(FLAT)) {
            return FlatIndex.ofScoringVectors(scoring, field.metric());
        }
        return provider.build(raw, field.metric(), field.index().parameters(), threads);
    }
}
