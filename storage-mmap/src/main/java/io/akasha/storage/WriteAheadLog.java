package io.akasha.storage;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * One file of append-only records ({@link WalFormat}). {@link #write} appends without forcing;
 * {@link #force} makes everything written so far durable ({@link DurableLog} decides when).
 *
 * <p>Opening reads the records already there once, through {@link #replay}. A record that is
 * incomplete or fails its checksum is either a torn tail (nothing valid follows it: the tail of a
 * write a crash interrupted, truncated with a warning naming the file and the bytes dropped) or
 * corruption (a valid record follows it: refused with a {@link CorruptFileException} naming the
 * file and the offset, since dropping it would silently lose the records after it). Not
 * thread-safe: its owner serializes writes; {@link #force} may run concurrently with a write.
 */
public final class WriteAheadLog implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(WriteAheadLog.class.getName());
    /** How far past a bad record replay looks for a valid one before calling it a torn tail. */
    private static final int CORRUPTION_SCAN_BYTES = 1 << 20;

    private final Path path;
    private final FileChannel channel;
    private final ByteBuffer header = ByteBuffer.allocate(WalFormat.RECORD_HEADER).order(ByteOrder.LITTLE_ENDIAN);
    private boolean replayed;

    private WriteAheadLog(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /** Opens the log at {@code path}, creating it (durably) if it does not exist. */
    public static WriteAheadLog open(Path path) throws IOException {
        return open(path, FileIo.DEFAULT);
    }

    /** Like {@link #open(Path)}, with the file opened through {@code io}. */
    public static WriteAheadLog open(Path path, FileIo io) throws IOException {
        boolean created = !Files.exists(path);
        FileChannel channel = io.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            if (created || channel.size() == 0) {
                ByteBuffer fileHeader = ByteBuffer.allocate(FileHeader.SIZE);
                FileHeader.write(MemorySegment.ofBuffer(fileHeader), WalFormat.MAGIC, WalFormat.VERSION);
                channel.write(fileHeader, 0);
                channel.force(true);
                DurableFiles.forceDirectory(path.toAbsolutePath().getParent());
            } else {
                ByteBuffer fileHeader = ByteBuffer.allocate((int) Math.min(FileHeader.SIZE, channel.size()));
                channel.read(fileHeader, 0);
                FileHeader.check(MemorySegment.ofArray(fileHeader.array()).asSlice(0, fileHeader.position()), path,
                        "write-ahead log", WalFormat.MAGIC, WalFormat.MIN_READABLE_VERSION, WalFormat.VERSION);
            }
            return new WriteAheadLog(path, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Passes every complete record's payload to {@code consumer}, in order. Called once, before
     * the first write.
     *
     * @param tornTailAllowed whether this file may end in a torn record (the newest file of a
     *                        log); in an older file, which was forced whole, any bad record is corruption
     * @return the number of records replayed
     * @throws CorruptFileException for a bad record with a valid one after it, or any bad record
     *                              when {@code tornTailAllowed} is false
     */
    public long replay(Consumer<ByteBuffer> consumer, boolean tornTailAllowed) throws IOException {
        if (replayed) {
            throw new IllegalStateException(path + " was already replayed");
        }
        replayed = true;
        long size = channel.size();
        long position = FileHeader.SIZE;
        long records = 0;
        while (position < size) {
            Record record = readRecord(position, size);
            if (record.problem() != null) {
                long validAfter = tornTailAllowed ? nextValidRecord(position + 1, size) : position;
                if (validAfter >= 0) {
                    throw new CorruptFileException(path + ": corrupt write-ahead log record at offset " + position
                            + " (" + record.problem() + ")" + (validAfter > position
                            ? "; a valid record follows at offset " + validAfter + ", so it is not a torn tail"
                            : " in a log file that was complete") + "; the " + records + " records before it are intact");
                }
                LOG.log(System.Logger.Level.WARNING, "{0}: truncating {1} bytes at offset {2} after {3} complete "
                        + "records ({4}): the tail of a write that a crash interrupted",
                        path, size - position, position, records, record.problem());
                channel.truncate(position);
                channel.force(true);
                break;
            }
            consumer.accept(record.payload());
            records++;
            position += WalFormat.RECORD_HEADER + record.payload().limit();
        }
        channel.position(position);
        return records;
    }

    /** A record read back: its payload, or what is wrong with it. */
    private record Record(ByteBuffer payload, String problem) {
    }

    private Record readRecord(long position, long size) throws IOException {
        if (size - position < WalFormat.RECORD_HEADER) {
            return new Record(null, "a record header cut short");
        }
        header.clear();
        channel.read(header, position);
        int length = header.getInt(0);
        int checksum = header.getInt(4);
        if (length <= 0 || length > WalFormat.MAX_PAYLOAD) {
            return new Record(null, "a record length of " + Integer.toUnsignedString(length));
        }
        if (size - position - WalFormat.RECORD_HEADER < length) {
            return new Record(null, "a record of " + length + " bytes cut short");
        }
        ByteBuffer payload = ByteBuffer.allocate(length);
        channel.read(payload, position + WalFormat.RECORD_HEADER);
        CRC32C crc = new CRC32C();
        crc.update(payload.array(), 0, length);
        if ((int) crc.getValue() != checksum) {
            return new Record(null, "a record whose checksum does not match");
        }
        return new Record(payload.flip(), null);
    }

    /**
     * The offset of the first valid record starting in the {@value #CORRUPTION_SCAN_BYTES} bytes
     * from {@code from}, or -1. A torn tail is at most the writes of one unforced group, and a
     * random match of length and CRC32C is a 2^-32 event, so a hit means corruption.
     */
    private long nextValidRecord(long from, long size) throws IOException {
        long end = Math.min(size - WalFormat.RECORD_HEADER, from + CORRUPTION_SCAN_BYTES);
        for (long p = from; p <= end; p++) {
            if (readRecord(p, size).problem() == null) {
                return p;
            }
        }
        return -1;
    }

    /**
     * Appends one record after the last one, without forcing it.
     *
     * @return the file's size after the record: {@link #force} makes it durable up to there
     */
    public long write(byte[] payload) throws IOException {
        if (!replayed) {
            throw new IllegalStateException(path + ": replay the log before appending to it");
        }
        if (payload.length == 0 || payload.length > WalFormat.MAX_PAYLOAD) {
            throw new IllegalArgumentException("a log record holds 1.." + WalFormat.MAX_PAYLOAD + " bytes, got "
                    + payload.length);
        }
        CRC32C crc = new CRC32C();
        crc.update(payload);
        // Header and payload go out in one gathering write: the payload is not copied again.
        ByteBuffer[] record = {
            ByteBuffer.allocate(WalFormat.RECORD_HEADER).order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(payload.length).putInt((int) crc.getValue()).flip(),
            ByteBuffer.wrap(payload)};
        long start = channel.position();
        try {
            while (record[1].hasRemaining()) {
                channel.write(record);
            }
        } catch (IOException e) {
            // Leave no partial record behind for the next write to follow.
            channel.truncate(start);
            channel.position(start);
            throw new IOException(path + ": could not append " + payload.length + " bytes to the write-ahead log: "
                    + e.getMessage(), e);
        }
        return channel.position();
    }

    /** Forces every record written so far to the device. */
    public void force() throws IOException {
        channel.force(false);
    }

    public Path path() {
        return path;
    }

    /** Bytes in the file, header included. */
    public long size() throws IOException {
        return channel.size();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
