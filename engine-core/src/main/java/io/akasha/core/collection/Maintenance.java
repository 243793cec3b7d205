package io.akasha.core.collection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import io.akasha.core.AkashaException;
import io.akasha.core.segment.Segment;

/**
 * Keeps one collection's segments in shape in the background: indexes sealed segments and the
 * filled chunks of growing ones, checkpoints (durable collections), compacts, and swaps segments
 * that a checkpoint saved for the same segments read from their files.
 *
 * <p>What triggers what: a segment filling up is indexed and checkpointed; a large log is
 * checkpointed; a checkpoint, and each finished index build, ask for compaction and for swaps of
 * saved segments. Swaps (compaction's and the saved segments') take the collection exclusively
 * for an instant, inside the checkpointer's lock so that no checkpoint is reading the segments
 * they close.
 */
final class Maintenance {

    private static final System.Logger LOG = System.getLogger(Maintenance.class.getName());

    private final CollectionState state;
    private final CollectionWriter writer;
    private final CollectionIndexer indexer;
    private final Compactor compactor;
    private final CollectionServices services;
    private final Journal journal;
    private final Lifecycle lifecycle;
    private final BackgroundWork work;
    private final AtomicBoolean checkpointScheduled = new AtomicBoolean();
    private volatile boolean replaying = true;
    private final AtomicBoolean checkpointDeferred = new AtomicBoolean();
    /** Set when a compaction is asked for; cleared by the one that starts planning. */
    private final AtomicBoolean compactionWanted = new AtomicBoolean();
    /** One compaction at a time: the background one, or {@link #compact()}. */
    private final ReentrantLock compacting = new ReentrantLock();
    /** Saves the collection to files; null in memory. */
    private volatile Checkpointer checkpointer;

    Maintenance(CollectionState state, CollectionWriter writer, CollectionIndexer indexer, CollectionServices services,
                Journal journal, Lifecycle lifecycle, BackgroundWork work) {
        this.state = state;
        this.writer = writer;
        this.indexer = indexer;
        this.compactor = new Compactor(state, indexer);
        this.services = services;
        this.journal = journal;
        this.lifecycle = lifecycle;
        this.work = work;
    }

    /** Makes the collection durable: checkpoints, index saves and swaps start. */
    void useCheckpointer(Checkpointer saver) {
        this.checkpointer = saver;
    }

    Checkpointer checkpointer() {
        return checkpointer;
    }

    /** The writer sealed a full segment: index it, and save it with a checkpoint when durable. */
    void segmentFilled(Segment segment) {
        indexSealed(segment);
        requestCheckpoint();
    }

    /** After a write: checkpoints in the background once the log since the last checkpoint is large. */
    void afterWrite() {
        if (checkpointer != null && journal.bytesSinceRotation() > services.checkpointBytes()) {
            requestCheckpoint();
        }
    }

    /** Seals every growing segment: a checkpoint when durable, otherwise just sealed and indexed (caller holds a call). */
    void sealAll() {
        if (checkpointer != null) {
            checkpoint();
        } else {
            writer.sealAll().forEach(this::indexSealed);
        }
    }

    /** Builds a sealed segment's indexes (unless opened from files) and scalar indexes, then saves them. */
    void indexSealed(Segment segment) {
        work.submit(services.indexing(), () -> {
            if (!segment.isIndexed()) {
                segment.buildIndexes(indexer);
            }
            state.scalarIndexedFields.forEach(segment::buildScalarIndex);
            requestCompaction(); // a small sealed segment becomes a candidate once indexed
            Checkpointer saver = checkpointer;
            if (saver != null) {
                try {
                    saver.saveIndexes(segment);
                    requestSwaps();
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "collection " + state.name + ": the index of segment "
                            + segment.id() + " could not be saved; it is rebuilt when the collection next opens", e);
                }
            }
        });
    }

    /** Builds the graph of a filled chunk of a growing segment. */
    void indexChunk(Segment segment, int chunk) {
        work.submit(services.indexing(), () -> {
            if (!segment.isSealed()) {
                segment.indexChunk(chunk, indexer);
            }
        });
    }

    /**
     * The log has been replayed: checkpoints asked for meanwhile (segments that filled during
     * the replay, compactions of opened segments) run now. A checkpoint rotates the log, which
     * the replay is still reading, so none runs before.
     */
    void replayed() {
        replaying = false;
        if (checkpointDeferred.getAndSet(false)) {
            requestCheckpoint();
        }
    }

    private void requestCheckpoint() {
        if (checkpointer == null) {
            return;
        }
        if (replaying) {
            checkpointDeferred.set(true);
            return;
        }
        if (!checkpointScheduled.compareAndSet(false, true)) {
            return;
        }
        boolean taken = work.submit(services.checkpoints(), () -> {
            checkpointScheduled.set(false);
            try {
                lifecycle.run(this::checkpoint);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "collection " + state.name + ": checkpoint failed; its log is "
                        + "kept whole, so nothing is lost, and the next checkpoint tries again", e);
            }
        });
        if (!taken) {
            checkpointScheduled.set(false); // shutting down: the log keeps everything
        }
    }

    /** Runs a checkpoint now (caller holds a call) and indexes the segments it sealed. */
    private void checkpoint() {
        try {
            checkpointer.checkpoint().forEach(this::indexSealed);
            requestCompaction();
            requestSwaps();
        } catch (IOException e) {
            throw new AkashaException(AkashaException.ErrorCode.UNAVAILABLE, "collection '" + state.name
                    + "': the checkpoint failed (nothing is lost: the log is kept whole): " + e.getMessage(), e);
        }
    }

    /** Compacts now ({@link Compactor}); returns how many new segments it made. */
    int compact() {
        compacting.lock();
        try {
            return compactNow();
        } finally {
            compacting.unlock();
        }
    }

    /** A vector field's index spec changed: segments indexed under the old one are rewritten. */
    void indexSpecChanged() {
        requestCompaction();
    }

    private void requestCompaction() {
        if (compactor.plan(writer.lastSequence()).isEmpty()) {
            return;
        }
        compactionWanted.set(true);
        work.submit(services.indexing(), () -> {
            // A compaction already running plans again when it finishes, since the flag is set
            // before the lock is tried and checked after it is released.
            while (compactionWanted.get() && compacting.tryLock()) {
                try {
                    compactionWanted.set(false);
                    compactNow();
                } catch (RuntimeException e) {
                    if (!lifecycle.isClosed()) { // closing cuts a compaction short, harmlessly
                        LOG.log(System.Logger.Level.WARNING, "collection " + state.name + ": compaction failed; "
                                + "the segments stay as they were", e);
                    }
                    return;
                } finally {
                    compacting.unlock();
                }
            }
        });
    }

    private int compactNow() {
        if (lifecycle.isClosed()) {
            return 0;
        }
        int made = 0;
        for (List<Segment> group : lifecycle.call(() -> compactor.plan(writer.lastSequence()))) {
            // A group planned before a swap of saved segments may name one that is closed by now;
            // the shared lock held while copying keeps the rest from being swapped meanwhile.
            Compactor.Merged merged = lifecycle.call(() -> current(group)
                    ? compactor.copy(group, writer.lastSequence()) : null);
            if (merged == null) {
                continue;
            }
            boolean swapped = swap(group, () -> {
                writer.replace(merged);
                group.forEach(Segment::close);
                if (merged.segment().rowCount() == 0) {
                    merged.segment().close();
                }
            });
            if (swapped) {
                made++;
            } else {
                merged.segment().close();
            }
        }
        if (made > 0) {
            requestCheckpoint();
        }
        return made;
    }

    private void requestSwaps() {
        if (checkpointer != null) {
            work.submit(services.indexing(), this::swapSavedSegments);
        }
    }

    /**
     * Replaces in-memory sealed segments that a checkpoint saved, with their indexes, by the same
     * segments read from those files: memory then holds the growing segments and what the page
     * cache keeps, as after a reopen.
     */
    private void swapSavedSegments() {
        if (lifecycle.isClosed()) {
            return;
        }
        Checkpointer saver = checkpointer;
        for (Segment segment : lifecycle.call(() -> saver.saved(state.segments(List.of())))) {
            Segment mapped;
            try {
                mapped = lifecycle.call(() -> {
                    try {
                        return saver.openSaved(segment);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "collection " + state.name + ": segment " + segment.id()
                        + " stays in memory; its saved files could not be opened", e);
                continue;
            }
            if (!swap(List.of(segment), () -> {
                writer.swapForSaved(segment, mapped);
                segment.close();
            })) {
                mapped.close();
            }
        }
    }

    /** Whether {@code segments} are all still in their partition (not dropped, compacted or swapped). */
    private boolean current(List<Segment> segments) {
        Partition partition = state.partitions().get(segments.getFirst().partition());
        return partition != null && partition.segments().containsAll(segments);
    }

    /**
     * Runs {@code swap} with no call running and no checkpoint reading segments, if the
     * collection is open and {@code sources} are all still in their partition (not dropped,
     * compacted or swapped meanwhile); returns whether it ran.
     */
    private boolean swap(List<Segment> sources, Runnable swap) {
        boolean[] ran = {false};
        lifecycle.exclusively(() -> {
            if (lifecycle.isClosed() || !current(sources)) {
                return;
            }
            Checkpointer saver = checkpointer;
            if (saver != null) {
                saver.exclusively(swap);
            } else {
                swap.run();
            }
            ran[0] = true;
        });
        return ran[0];
    }
}
