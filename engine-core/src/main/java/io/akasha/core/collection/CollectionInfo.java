package io.akasha.core.collection;

import java.util.List;

import io.akasha.core.schema.CollectionSchema;

/**
 * A collection's description.
 *
 * @param name                the collection's name
 * @param schema              its schema
 * @param partitions          its partitions, in creation order
 * @param scalarIndexedFields fields with a scalar index
 * @param rows                live rows
 */
public record CollectionInfo(String name, CollectionSchema schema, List<String> partitions,
                             List<String> scalarIndexedFields, long rows) {
}
