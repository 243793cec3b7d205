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
 * An append-only log of records ({@link WalFormat}): every {@link #append} is on the device
 * when it returns, so a write acknowledged after its record was appended survives a crash.
 *
 * <p>Opening reads the records already there once, through {@link #replay}, and truncates a torn
 * tail (with a warning naming the file and the bytes dropped) so that appends continue after the
 * last complete record. Not thread-safe: its owner serializes appends.
 */
public final class WriteAheadLog implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(WriteAheadLog.class.getName());

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
        boolean created = !Files.exists(path);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
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
     * Passes every complete record's payload to {@code consumer}, in order, then truncates
     * anything after the last complete record. Called once, before the first append.
     *
     * @return the number of records replayed
     */
    public long replay(Consumer<ByteBuffer> consumer) throws IOException {
        if (replayed) {
            throw new IllegalStateException(path + " was already replayed");
        }
        replayed = true;
        long size = channel.size();
        long position = FileHeader.SIZE;
        long records = 0;
        CRC32C crc = new CRC32C();
        while (true) {
            String torn = null;
            ByteBuffer payload = null;
            if (size - position < WalFormat.RECORD_HEADER) {
                torn = size == position ? null : "a record header cut short";
            } else {
                header.clear();
                channel.read(header, position);
                int length = header.getInt(0);
                int checksum = header.getInt(4);
                if (length <= 0 || length > WalFormat.MAX_PAYLOAD) {
                    torn = "a record length of " + Integer.toUnsignedString(length);
                } else if (size - position - WalFormat.RECORD_HEADER < length) {
                    torn = "a record of " + length + " bytes cut short";
                } else {
                    payload = ByteBuffer.allocate(length);
                    channel.read(payload, position + WalFormat.RECORD_HEADER);
                    crc.reset();
                    crc.update(payload.array(), 0, length);
                    if ((int) crc.getValue() != checksum) {
                        torn = "a record whose checksum does not match";
                        payload = null;
                    }
                }
            }
            if (payload == null) {
                if (torn != null) {
                    LOG.log(System.Logger.Level.WARNING, "{0}: truncating {1} bytes at offset {2} after {3} complete "
                            + "records ({4}): the tail of a write that a crash interrupted",
                            path, size - position, position, records, torn);
                    channel.truncate(position);
                    channel.force(true);
                }
                channel.position(position);
                return records;
            }
            consumer.accept(payload.flip());
            records++;
            position += WalFormat.RECORD_HEADER + payload.limit();
        }
    }

    /** Appends one record and forces it to the device before returning. */
    public void append(byte[] payload) throws IOException {
        if (!replayed) {
            throw new IllegalStateException(path + ": replay the log before appending to it");
        }
        if (payload.length == 0 || payload.length > WalFormat.MAX_PAYLOAD) {
            throw new IllegalArgumentException("a log record holds 1.." + WalFormat.MAX_PAYLOAD + " bytes, got "
                    + payload.length);
        }
        CRC32C crc = new CRC32C();
        crc.update(payload);
        ByteBuffer record = ByteBuffer.allocate(WalFormat.RECORD_HEADER + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        record.putInt(payload.length).putInt((int) crc.getValue()).put(payload).flip();
        long start = channel.position();
        try {
            while (record.hasRemaining()) {
                channel.write(record);
            }
            channel.force(false);
        } catch (IOException e) {
            // Leave no partial record behind for the next append to follow.
            channel.truncate(start);
            channel.position(start);
            throw new IOException(path + ": could not append " + payload.length + " bytes to the write-ahead log: "
                    + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    /** Bytes in the log, header included. */
    public long size() throws IOException {
        return channel.size();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
