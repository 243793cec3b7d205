package io.akasha.core.collection;

import java.util.Map;

/**
 * One search result.
 *
 * @param id     the row's primary key ({@link Long} or {@link String})
 * @param score  what Milvus reports: the squared Euclidean distance for L2 (smaller is closer),
 *               the similarity for IP and COSINE (larger is closer)
 * @param fields the requested output fields
 */
public record Hit(Object id, float score, Map<String, Object> fields) {
}
