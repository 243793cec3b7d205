package io.akasha.core.collection;

import java.io.IOException;

import io.akasha.core.schema.CollectionSchema;

/** Stores a collection's changed schema where its engine keeps schemas (the catalog of a data directory). */
@FunctionalInterface
public interface SchemaSaver {

    /** For collections kept in memory only: nothing to store. */
    SchemaSaver NONE = schema -> { };

    /** Stores {@code schema} durably before returning. */
    void save(CollectionSchema schema) throws IOException;
}
