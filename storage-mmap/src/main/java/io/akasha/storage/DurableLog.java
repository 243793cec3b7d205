package io.akasha.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A write-ahead log split into numbered files ({@code wal-<generation>.log}, each a
 * {@link WriteAheadLog}) with group commit and a {@link Durability} policy.
 *
 * <p>{@link #append} writes a record to the newest file and returns a ticket; {@link #awaitDurable}
 * returns once the record is on the device. Under the per-batch policy the first waiter forces
 * the file and every record written before that fsync started is covered by it; writers that
 * arrive meanwhile queue behind it and usually find themselves covered by the next one, so N
 * concurrent writers cost far fewer than N fsyncs. {@link #rotate} starts a new file (after
 * forcing the old one), and {@link #deleteBefore} removes files whose records are saved elsewhere
 * (in sealed segments): that is how the log is truncated.
 *
 * <p>Appends and rotations must be serialized by the owner; {@link #awaitDurable} may be called
 * from any thread. An fsync that fails poisons the log: every later call fails, because the
 * kernel may have dropped the unforced pages and nothing after them can be trusted.
 */
public final class DurableLog implements AutoCloseable {

    private static final Pattern FILE_NAME = Pattern.compile("wal-(\\d{16})\\.log");

    private final Path directory;
    private final Durability durability;
    private final ReentrantLock syncLock = new ReentrantLock();
    private WriteAheadLog current;
    private long generation;
    /** Bytes written since opening (all files): tickets are positions in this sequence. */
    private volatile long written;
    private volatile long durable;
    /** {@link #written} at the last rotation (replayed bytes count as written since). */
    private long rotatedAt;
    private volatile IOException failure;
    private volatile long fsyncs;
    private volatile long fsyncNanos;
    private volatile boolean closed;
    private Thread flusher;

    private final FileIo io;

    private DurableLog(Path directory, Durability durability, FileIo io) {
        this.directory = directory;
        this.durability = durability;
        this.io = io;
    }

    /** Opens the log in {@code directory}; {@link #replay} must come next. */
    public static DurableLog open(Path directory, Durability durability) throws IOException {
        return open(directory, durability, FileIo.DEFAULT);
    }

    /** Like {@link #open(Path, Durability)}, with files opened through {@code io}. */
    public static DurableLog open(Path directory, Durability durability, FileIo io) throws IOException {
        Files.createDirectories(directory);
        return new DurableLog(directory, durability, io);
    }

    /** The file name of {@code generation}. */
    public static String fileName(long generation) {
        return String.format(Locale.ROOT, "wal-%016d.log", generation);
    }

    /**
     * Deletes files older than {@code fromGeneration} (left by a crash after their records were
     * saved elsewhere), passes the records of the others to {@code consumer} in order, and opens
     * the newest (or a new file numbered {@code fromGeneration}) for appending.
     *
     * @return the number of records replayed
     * @throws CorruptFileException if a file in the sequence is missing or holds a bad record
     *                              (only the newest may end in a torn tail, which is truncated)
     */
    public long replay(long fromGeneration, Consumer<ByteBuffer> consumer) throws IOException {
        List<Long> generations = generations();
        long records = 0;
        long expected = fromGeneration;
        for (int i = 0; i < generations.size(); i++) {
            long g = generations.get(i);
            if (g < fromGeneration) {
                Files.delete(directory.resolve(fileName(g)));
                continue;
            }
            if (g != expected) {
                throw new CorruptFileException(directory.resolve(fileName(expected)) + " is missing: the log runs from "
                        + fileName(fromGeneration) + " and the next file present is " + fileName(g));
            }
            boolean newest = i == generations.size() - 1;
            WriteAheadLog file = WriteAheadLog.open(directory.resolve(fileName(g)), io);
            try {
                records += file.replay(consumer, newest);
                written += file.size() - FileHeader.SIZE;
            } catch (IOException | RuntimeException e) {
                file.close();
                throw e;
            }
            if (newest) {
                current = file;
                generation = g;
            } else {
                file.close();
            }
            expected = g + 1;
        }
        durable = written;
        if (current == null) {
            generation = Math.max(fromGeneration, 1);
            current = WriteAheadLog.open(directory.resolve(fileName(generation)), io);
            current.replay(consumer, true);
        }
        if (!durability.isPerBatch()) {
            flusher = Thread.ofVirtual().name("akasha-wal-flush-" + directory.getFileName()).start(this::flushPeriodically);
        }
        return records;
    }

    private List<Long> generations() throws IOException {
        List<Long> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.forEach(file -> {
                Matcher m = FILE_NAME.matcher(file.getFileName().toString());
                if (m.matches()) {
                    found.add(Long.parseLong(m.group(1)));
                }
            });
        }
        found.sort(null);
        return found;
    }

    /**
     * Writes a record (not yet forced).
     *
     * @return a ticket for {@link #awaitDurable}
     */
    public long append(byte[] payload) throws IOException {
        checkUsable();
        current.write(payload);
        written += WalFormat.RECORD_HEADER + payload.length;
        return written;
    }

    /**
     * Returns once the record with this ticket is on the device: at once under an interval
     * policy (the flusher forces it later), after a shared fsync under the per-batch policy.
     */
    public void awaitDurable(long ticket) throws IOException {
        if (!durability.isPerBatch()) {
            checkUsable();
            return;
        }
        forceUpTo(ticket);
    }

    private void forceUpTo(long ticket) throws IOException {
        if (durable >= ticket) {
            return;
        }
        syncLock.lock();
        try {
            checkUsable();
            if (durable >= ticket) {
                return; // the fsync we queued behind covered us
            }
            long target = written;
            long start = System.nanoTime();
            try {
                current.force();
            } catch (IOException e) {
                failure = new IOException(current.path() + ": fsync failed (" + e.getMessage()
                        + "); the log accepts no more writes until the data directory is reopened", e);
                throw failure;
            }
            fsyncNanos += System.nanoTime() - start;
            fsyncs++;
            durable = Math.max(durable, target);
        } finally {
            syncLock.unlock();
        }
    }

    private void flushPeriodically() {
        while (!closed && failure == null) {
            try {
                Thread.sleep(durability.intervalMillis());
                forceUpTo(written);
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                System.getLogger(DurableLog.class.getName()).log(System.Logger.Level.ERROR, e.getMessage(), e);
                return;
            }
        }
    }

    /**
     * Forces the newest file and starts the next one; records appended from now on go there.
     *
     * @return the new file's generation: once every record before it is saved elsewhere,
     *         {@code deleteBefore(generation)} truncates the log
     */
    public long rotate() throws IOException {
        syncLock.lock();
        try {
            checkUsable();
            current.force();
            fsyncs++;
            durable = written;
            WriteAheadLog next = WriteAheadLog.open(directory.resolve(fileName(generation + 1)), io);
            next.replay(record -> {
                throw new IllegalStateException(next.path() + " is new but holds records");
            }, true);
            current.close();
            current = next;
            generation++;
            rotatedAt = written;
            return generation;
        } finally {
            syncLock.unlock();
        }
    }

    /** Deletes the files before {@code generation} (their records are saved elsewhere). */
    public void deleteBefore(long generation) throws IOException {
        for (long g : generations()) {
            if (g < generation && g < this.generation) {
                Files.deleteIfExists(directory.resolve(fileName(g)));
            }
        }
    }

    /** Record bytes appended (or replayed) since the last rotation: what a checkpoint would save. */
    public long bytesSinceRotation() {
        return written - rotatedAt;
    }

    /** Fsyncs of log files so far (rotations included): with group commit, fewer than the writes. */
    public long fsyncs() {
        return fsyncs;
    }

    /** Time spent in the fsyncs that acknowledge writes, in nanoseconds (rotations not counted). */
    public long fsyncNanos() {
        return fsyncNanos;
    }

    private void checkUsable() throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (current == null) {
            throw new IllegalStateException(directory + ": replay the log before appending to it");
        }
    }

    /** Forces what was written (under an interval policy) and closes the file. */
    @Override
    public void close() throws IOException {
        closed = true;
        if (flusher != null) {
            flusher.interrupt();
        }
        syncLock.lock();
        try {
            if (current != null) {
                try {
                    if (failure == null) {
                        current.force();
                    }
                } finally {
                    current.close();
                }
            }
        } finally {
            syncLock.unlock();
        }
    }
}
