package io.akasha.core.collection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.lang.foreign.ValueLayout;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

import org.roaringbitmap.RoaringBitmap;

import io.akasha.core.schema.Field;
import io.akasha.core.segment.DeletionsFile;
import io.akasha.core.segment.Segment;
import io.akasha.core.segment.SegmentFile;
import io.akasha.core.segment.SegmentIndexer;
import io.akasha.storage.DurableFiles;

/**
 * Saves a durable collection's state to files so that its log can be truncated and reopening
 * does not replay every write.
 *
 * <p>A checkpoint seals every growing segment and starts a new log generation at one instant
 * ({@link CollectionWriter#capture()}); then, while writes go on into the new generation, it
 * writes the data file of every sealed segment not saved before, a deletions file for every
 * segment whose deleted rows changed, and the vector indexes already built; forces them; commits
 * the manifest and the primary keys of the new segments' live rows in one catalog transaction;
 * and only then deletes the older log generations and the files the manifest no longer names. A crash at any point leaves the previous manifest, whose log
 * generations are still there. Indexes built after their segment's checkpoint are saved when
 * their build finishes ({@link #saveIndexes}), with a new manifest.
 *
 * <p>One checkpoint or manifest update at a time; searches and writes are never blocked beyond
 * the capture.
 */
final class Checkpointer {

    private static final System.Logger LOG = System.getLogger(Checkpointer.class.getName());

    private final CollectionState state;
    private final CollectionWriter writer;
    private final Journal journal;
    private final CollectionFiles files;
    private final CatalogStore catalog;
    private final SegmentIndexer indexer;
    private final ReentrantLock lock = new ReentrantLock();
    /** Deleted-row counts as saved, by segment id: deletions only grow, so an equal count is the same set. */
    private final Map<Integer, Long> savedDeletions = new HashMap<>();
    private Manifest committed;

    Checkpointer(CollectionState state, CollectionWriter writer, Journal journal, CollectionFiles files,
                 CatalogStore catalog, SegmentIndexer indexer, Manifest committed, Map<Integer, Long> loadedDeletions) {
        this.state = state;
        this.writer = writer;
        this.journal = journal;
        this.files = files;
        this.catalog = catalog;
        this.indexer = indexer;
        this.committed = committed;
        this.savedDeletions.putAll(loadedDeletions);
    }

    /**
     * Runs a checkpoint; returns the segments it sealed, which the caller indexes.
     */
    List<Segment> checkpoint() throws IOException {
        lock.lock();
        try {
            CollectionWriter.Capture capture = writer.capture();
            Map<Integer, Manifest.SegmentEntry> previous = entriesById(committed);
            List<Manifest.SegmentEntry> entries = new ArrayList<>();
            for (Segment segment : capture.segments()) {
                Manifest.SegmentEntry before = previous.get(segment.id());
                Path folder = files.segmentFolder(segment.id());
                if (before == null) {
                    Files.createDirectories(folder);
                    SegmentFile.write(segment, files.data(segment.id()));
                }
                String deletions = saveDeletions(segment, capture.deletedRows().get(segment.id()),
                        capture.walGeneration(), before);
                Map<String, String> indexes = before != null && !before.indexes().isEmpty() ? before.indexes()
                        : saveIndexFiles(segment);
                entries.add(new Manifest.SegmentEntry(segment.id(), segment.partition(), segment.rowCount(),
                        deletions, indexes));
            }
            List<Segment> added = capture.segments().stream().filter(segment -> !previous.containsKey(segment.id()))
                    .toList();
            Set<Integer> listed = entries.stream().map(Manifest.SegmentEntry::id).collect(Collectors.toSet());
            commit(new Manifest(Manifest.FORMAT, Manifest.VERSION, capture.walGeneration(), capture.nextAutoId(),
                    capture.nextSegmentId(), capture.partitions(), capture.scalarIndexes(), entries),
                    storeKeys(added, capture.deletedRows(), listed.containsAll(previous.keySet()) ? null : listed));
            journal.truncateBefore(capture.walGeneration());
            return capture.newlySealed();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Saves the freshly built indexes of {@code segment} and lists them in a new manifest, if the
     * segment is already in one (otherwise its checkpoint will save them).
     */
    void saveIndexes(Segment segment) throws IOException {
        lock.lock();
        try {
            Map<Integer, Manifest.SegmentEntry> entries = entriesById(committed);
            Manifest.SegmentEntry entry = entries.get(segment.id());
            if (entry == null || !entry.indexes().isEmpty()) {
                return;
            }
            Map<String, String> saved = saveIndexFiles(segment);
            if (saved.isEmpty()) {
                return;
            }
            entries.put(segment.id(), entry.withIndexes(saved));
            commit(new Manifest(committed.format(), committed.version(), committed.walGeneration(),
                    committed.nextAutoId(), committed.nextSegmentId(), committed.partitions(),
                    committed.scalarIndexes(), List.copyOf(entries.values())), NO_KEY_CHANGES);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Drops the index files of segment {@code id} from the committed manifest (in memory; the next
     * commit writes it): they could not be read, so the rebuilt index is saved in their place.
     */
    void forgetIndexes(int id) {
        lock.lock();
        try {
            committed = new Manifest(committed.format(), committed.version(), committed.walGeneration(),
                    committed.nextAutoId(), committed.nextSegmentId(), committed.partitions(), committed.scalarIndexes(),
                    committed.segments().stream().map(e -> e.id() == id ? e.withIndexes(Map.of()) : e).toList());
        } finally {
            lock.unlock();
        }
    }

    /**
     * The in-memory sealed segments among {@code segments} whose data and index files the
     * committed manifest lists: they can be read from their files instead.
     */
    List<Segment> saved(List<Segment> segments) {
        lock.lock();
        try {
            Map<Integer, Manifest.SegmentEntry> entries = entriesById(committed);
            return segments.stream().filter(segment -> segment.file() == null && segment.isIndexed())
                    .filter(segment -> {
                        Manifest.SegmentEntry entry = entries.get(segment.id());
                        return entry != null && entry.rows() == segment.rowCount()
                                && SavedSegments.indexesSaved(entry, state, indexer);
                    }).toList();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Opens the saved files of {@code segment} (listed by the committed manifest) as a segment read
     * in place, with its indexes mapped and its scalar indexes built; no deleted rows yet (the
     * caller copies them with their sequence numbers).
     */
    Segment openSaved(Segment segment) throws IOException {
        Manifest.SegmentEntry entry;
        lock.lock();
        try {
            entry = entriesById(committed).get(segment.id());
        } finally {
            lock.unlock();
        }
        List<Integer> stale = new ArrayList<>();
        Segment mapped = SavedSegments.openOne(files, entry, List.of(), state, indexer, stale);
        if (!stale.isEmpty() || !mapped.isIndexed()) {
            mapped.close();
            throw new IOException(files.segmentFolder(entry.id()) + ": the saved indexes could not be opened");
        }
        try {
            state.scalarIndexedFields.forEach(mapped::buildScalarIndex);
            return mapped;
        } catch (RuntimeException e) {
            mapped.close();
            throw e;
        }
    }

    /** Runs {@code work} while no checkpoint or index save is reading segments (compaction's swap). */
    void exclusively(Runnable work) {
        lock.lock();
        try {
            work.run();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Puts the committed checkpoint into {@code target} (an empty collection folder): a hard link
     * to each file its manifest names (immutable, so sharing them is safe; a copy where links are
     * not possible) and a copy of the manifest, with an empty log. Holds the lock, so no
     * checkpoint replaces or deletes those files meanwhile.
     */
    void linkInto(Path target) throws IOException {
        lock.lock();
        try {
            if (committed == null) {
                throw new IllegalStateException("no checkpoint to link");
            }
            CollectionFiles into = new CollectionFiles(target);
            for (Manifest.SegmentEntry entry : committed.segments()) {
                Path from = files.segmentFolder(entry.id());
                Path to = into.segmentFolder(entry.id());
                Files.createDirectories(to);
                List<String> names = new ArrayList<>(List.of(files.data(entry.id()).getFileName().toString()));
                if (entry.deletions() != null) {
                    names.add(entry.deletions());
                }
                names.addAll(entry.indexes().values());
                for (String name : names) {
                    DurableFiles.linkOrCopy(from.resolve(name), to.resolve(name));
                }
                DurableFiles.forceDirectory(to);
            }
            Files.createDirectories(into.wal());
            if (Files.isDirectory(target.resolve("segments"))) {
                DurableFiles.forceDirectory(target.resolve("segments"));
            }
            into.writeManifest(committed);
        } finally {
            lock.unlock();
        }
    }

    private String saveDeletions(Segment segment, RoaringBitmap deleted, long generation,
                                 Manifest.SegmentEntry before) throws IOException {
        long count = deleted.getLongCardinality();
        if (count == 0) {
            return null;
        }
        if (before != null && before.deletions() != null && savedDeletions.getOrDefault(segment.id(), -1L) == count) {
            return before.deletions();
        }
        String name = CollectionFiles.deletionsName(generation);
        DeletionsFile.write(files.segmentFolder(segment.id()).resolve(name), segment.rowCount(), deleted);
        savedDeletions.put(segment.id(), count);
        return name;
    }

    /** Saves the built indexes of the fields whose index kind is saved; empty when not built yet. */
    private Map<String, String> saveIndexFiles(Segment segment) throws IOException {
        Map<String, String> saved = new LinkedHashMap<>();
        if (!segment.isIndexed()) {
            return saved;
        }
        // The segment's own schema: its indexes follow the spec it was made with, which an index
        // change may have replaced meanwhile (the file name says which spec the file holds).
        List<Field> fields = segment.schema().fields();
        for (int f = 0; f < fields.size(); f++) {
            Field field = fields.get(f);
            String name = field.isVector() ? indexer.indexFileName(field) : null;
            if (name != null) {
                indexer.save(field, segment.index(f), files.segmentFolder(segment.id()).resolve(name));
                saved.put(field.name(), name);
            }
        }
        return saved;
    }

    /**
     * Commits a manifest read from {@code manifest.json} (a restored snapshot, or a directory
     * written before the catalog held manifests) into the catalog, with the primary keys of the
     * live rows of its {@code segments}, then deletes the file. Run once, when the collection
     * opens, before its log is replayed.
     */
    void importManifest(Manifest manifest, List<Segment> segments) throws IOException {
        lock.lock();
        try {
            Map<Integer, RoaringBitmap> deleted = new HashMap<>();
            segments.forEach(segment -> deleted.put(segment.id(), segment.deletedRows(1)));
            commit(manifest, storeKeys(segments, deleted,
                    manifest.segments().stream().map(Manifest.SegmentEntry::id).collect(Collectors.toSet())));
            files.deleteManifestFile();
        } finally {
            lock.unlock();
        }
    }

    private static final CatalogStore.KeyChanges NO_KEY_CHANGES = (txn, keys) -> { };

    /**
     * The key changes of a commit: when segments left the manifest (compacted or dropped;
     * {@code purgeUnlisted} then holds the ids it lists), the entries pointing at any other
     * segment are deleted; then the key of every live row of the {@code added} segments is stored.
     */
    private CatalogStore.KeyChanges storeKeys(List<Segment> added, Map<Integer, RoaringBitmap> deletedRows,
                                              Set<Integer> purgeUnlisted) {
        int keyField = state.schema.fields().indexOf(state.schema.primaryKey());
        return (txn, keys) -> {
            if (purgeUnlisted != null) {
                txn.removeIf(keys, (key, value) -> !purgeUnlisted.contains(
                        StoredKeys.segmentOf(value.get(ValueLayout.JAVA_LONG_UNALIGNED, 0))));
            }
            for (Segment segment : added) {
                RoaringBitmap deleted = deletedRows.get(segment.id());
                for (int row = 0; row < segment.rowCount(); row++) {
                    if (deleted == null || !deleted.contains(row)) {
                        txn.putLong(keys, StoredKeys.encode(segment.column(keyField).get(row)),
                                StoredKeys.location(segment.id(), row));
                    }
                }
            }
        };
    }

    /**
     * Makes the new files' folders durable, then commits the manifest and the key changes in one
     * catalog transaction: the commit point.
     */
    private void commit(Manifest manifest, CatalogStore.KeyChanges keyChanges) throws IOException {
        Path segments = files.root().resolve("segments");
        if (Files.isDirectory(segments)) {
            DurableFiles.forceDirectory(segments);
        }
        DurableFiles.forceDirectory(files.root());
        catalog.commit(state.name, manifest, state.keys.store(), keyChanges);
        committed = manifest;
        state.keys.committed(manifest.segments().stream().map(Manifest.SegmentEntry::id)
                .collect(Collectors.toSet()));
        try {
            files.removeUnlisted(manifest);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "collection {0}: files the manifest no longer names could not all "
                    + "be deleted ({1}); the next open deletes them", state.name, e.getMessage());
        }
    }

    private static Map<Integer, Manifest.SegmentEntry> entriesById(Manifest manifest) {
        Map<Integer, Manifest.SegmentEntry> entries = new LinkedHashMap<>();
        if (manifest != null) {
            manifest.segments().forEach(entry -> entries.put(entry.id(), entry));
        }
        return entries;
    }
}
