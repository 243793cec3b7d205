package io.akasha.core.collection;

import java.util.Map;

/**
 * One input row, checked and converted: each field's stored value in schema order (a
 * {@code float[]} for vector fields), the undeclared keys for the dynamic field, and the
 * partition the row goes to.
 */
record PreparedRow(Object[] values, Map<String, Object> dynamic, String partition) {
}
