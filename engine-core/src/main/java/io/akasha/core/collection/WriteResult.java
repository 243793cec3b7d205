package io.akasha.core.collection;

import java.util.List;

/**
 * What an insert or upsert did.
 *
 * @param count rows written
 * @param ids   their primary keys, in input order (assigned ones for an auto-id collection)
 */
public record WriteResult(long count, List<Object> ids) {
}
