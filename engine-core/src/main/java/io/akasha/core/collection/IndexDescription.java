package io.akasha.core.collection;

import io.akasha.core.schema.IndexSpec;

/**
 * A vector field's index and how far its build has come. Rows not yet indexed under the spec
 * are still searched: through the index they had before, per-chunk graphs, or exactly.
 *
 * @param field       the vector field
 * @param spec        the index spec as set (possibly {@code AUTOINDEX})
 * @param index       the index kind the spec resolves to, for example {@code hnsw}
 * @param indexedRows rows of sealed segments indexed under {@code spec} (deleted rows included)
 * @param pendingRows rows of sealed segments not indexed under it yet: built, or rewritten under
 *                    the new spec after a change, in the background
 * @param growingRows rows of growing segments, indexed under the spec once they seal
 */
public record IndexDescription(String field, IndexSpec spec, String index, long indexedRows, long pendingRows,
                               long growingRows) {

    /** Whether every sealed segment is indexed under the spec. */
    public boolean finished() {
        return pendingRows == 0;
    }
}
