package io.akasha.core.collection;

import java.util.List;

/** A change to a collection as its journal records it: enough to apply it again on replay. */
sealed interface JournalRecord {

    /** An insert or upsert, with the keys already assigned. */
    record Write(boolean upsert, List<PreparedRow> rows) implements JournalRecord {
    }

    /** Deletes these keys (a delete by filter is logged as the keys it matched). */
    record Delete(List<Object> keys) implements JournalRecord {
    }

    record CreatePartition(String name) implements JournalRecord {
    }

    record DropPartition(String name) implements JournalRecord {
    }

    record CreateScalarIndex(String field) implements JournalRecord {
    }
}
