package io.akasha.storage;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Writes a {@link SectionedFileFormat} file in one pass: sections are streamed through a buffer
 * while the block checksums are computed; {@link #finish()} appends the tables and trailer and
 * forces the file. The caller publishes it (write aside, then rename) with {@link DurableFiles}.
 */
public final class SectionedFileWriter implements AutoCloseable {

    private final Path path;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    /** The whole buffer as a segment (made while its position is 0), for bulk copies. */
    private final MemorySegment bufferSegment = MemorySegment.ofBuffer(buffer);
    private final CRC32C blockCrc = new CRC32C();
    private final List<Integer> blockCrcs = new ArrayList<>();
    private final List<long[]> sections = new ArrayList<>();
    private long position;
    private long blockFill;
    private long sectionStart = -1;

    private SectionedFileWriter(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /** Creates {@code path} (which must not exist) and writes the header. */
    public static SectionedFileWriter create(Path path, String magic, int version) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        SectionedFileWriter writer = new SectionedFileWriter(path, channel);
        byte[] header = new byte[FileHeader.SIZE];
        FileHeader.write(MemorySegment.ofArray(header), magic, version);
        writer.bytes(header);
        return writer;
    }

    /** Starts a section (aligned); every write until {@link #endSection()} belongs to it. */
    public SectionedFileWriter beginSection(int id, int kind) throws IOException {
        if (sectionStart >= 0) {
            throw new IllegalStateException("section still open");
        }
        pad();
        sectionStart = position;
        sections.add(new long[] {id, kind, position, 0});
        return this;
    }

    public SectionedFileWriter endSection() {
        sections.getLast()[3] = position - sectionStart;
        sectionStart = -1;
        return this;
    }

    public SectionedFileWriter i64(long v) throws IOException {
        ensure(8).putLong(v);
        return advance(8);
    }

    public SectionedFileWriter i32(int v) throws IOException {
        ensure(4).putInt(v);
        return advance(4);
    }

    public SectionedFileWriter f32(float v) throws IOException {
        ensure(4).putFloat(v);
        return advance(4);
    }

    public SectionedFileWriter f64(double v) throws IOException {
        ensure(8).putDouble(v);
        return advance(8);
    }

    public SectionedFileWriter bytes(byte[] bytes) throws IOException {
        int offset = 0;
        while (offset < bytes.length) {
            int n = Math.min(bytes.length - offset, ensure(1).remaining());
            buffer.put(bytes, offset, n);
            offset += n;
            advance(n);
        }
        return this;
    }

    /** Copies {@code bytes} (for example off-heap vectors) into the current section. */
    public SectionedFileWriter bytes(MemorySegment bytes) throws IOException {
        long offset = 0;
        while (offset < bytes.byteSize()) {
            int n = (int) Math.min(bytes.byteSize() - offset, ensure(1).remaining());
            MemorySegment.copy(bytes, offset, bufferSegment, buffer.position(), n);
            buffer.position(buffer.position() + n);
            offset += n;
            advance(n);
        }
        return this;
    }

    /** Bytes written so far. */
    public long position() {
        return position;
    }

    /** Writes the section table, checksums and trailer, forces the file and closes it. */
    public void finish() throws IOException {
        if (sectionStart >= 0) {
            throw new IllegalStateException("section still open");
        }
        pad();
        long sectionTable = position;
        for (long[] section : sections) {
            i32((int) section[0]).i32((int) section[1]).i64(section[2]).i64(section[3]);
        }
        flush();
        if (blockFill > 0) {
            blockCrcs.add((int) blockCrc.getValue());
        }
        long checksumTable = position;
        ByteBuffer table = ByteBuffer.allocate(blockCrcs.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
        blockCrcs.forEach(table::putInt);
        CRC32C tableCrc = new CRC32C();
        tableCrc.update(table.array());
        ByteBuffer trailer = ByteBuffer.allocate(SectionedFileFormat.TRAILER).order(ByteOrder.LITTLE_ENDIAN);
        trailer.putLong(sectionTable).putInt(sections.size()).putInt(SectionedFileFormat.BLOCK_SIZE)
                .putLong(checksumTable).putInt(blockCrcs.size()).putInt((int) tableCrc.getValue())
                .putLong(0).putInt(0);
        CRC32C trailerCrc = new CRC32C();
        trailerCrc.update(trailer.array(), 0, SectionedFileFormat.TRAILER - 4);
        trailer.putInt((int) trailerCrc.getValue());
        writeFully(table.flip());
        writeFully(trailer.flip());
        channel.force(true);
        channel.close();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    public Path path() {
        return path;
    }

    private void pad() throws IOException {
        while (position % SectionedFileFormat.ALIGNMENT != 0) {
            ensure(1).put((byte) 0);
            advance(1);
        }
    }

    private ByteBuffer ensure(int bytes) throws IOException {
        if (buffer.remaining() < bytes) {
            flush();
        }
        return buffer;
    }

    private SectionedFileWriter advance(int bytes) {
        position += bytes;
        return this;
    }

    /** Writes the buffer out, feeding the block checksums on the way. */
    private void flush() throws IOException {
        buffer.flip();
        ByteBuffer view = buffer.duplicate();
        while (view.hasRemaining()) {
            int n = (int) Math.min(view.remaining(), SectionedFileFormat.BLOCK_SIZE - blockFill);
            ByteBuffer slice = view.slice(view.position(), n);
            blockCrc.update(slice);
            view.position(view.position() + n);
            blockFill += n;
            if (blockFill == SectionedFileFormat.BLOCK_SIZE) {
                blockCrcs.add((int) blockCrc.getValue());
                blockCrc.reset();
                blockFill = 0;
            }
        }
        writeFully(buffer);
        buffer.clear();
    }

    private void writeFully(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }
}
