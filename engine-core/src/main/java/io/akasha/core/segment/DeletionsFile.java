package io.akasha.core.segment;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

import org.roaringbitmap.RoaringBitmap;

import io.akasha.storage.CorruptFileException;
import io.akasha.storage.DurableFiles;
import io.akasha.storage.FileHeader;

/**
 * The rows of a sealed segment deleted as of one checkpoint. Little-endian.
 *
 * <pre>
 * offset size  field
 *      0   16  {@link FileHeader}: magic "AKDELETE", version 1
 *     16    4  rows of the segment, uint32
 *     20    4  n, bytes of the bitmap, uint32
 *     24    4  CRC32C of the bitmap bytes
 *     28    n  the deleted rows, a RoaringBitmap in its portable serialization
 * </pre>
 *
 * A new file is written per checkpoint that changed the set (the segment file never changes);
 * the manifest names the current one.
 */
public final class DeletionsFile {

    public static final String MAGIC = "AKDELETE";
    public static final int VERSION = 1;
    private static final int BODY = FileHeader.SIZE + 12;

    private DeletionsFile() {
    }

    /** Writes {@code deleted} to {@code path} atomically. */
    public static void write(Path path, int rows, RoaringBitmap deleted) throws IOException {
        deleted.runOptimize();
        int n = deleted.serializedSizeInBytes();
        ByteBuffer bitmap = ByteBuffer.allocate(n);
        deleted.serialize(bitmap);
        CRC32C crc = new CRC32C();
        crc.update(bitmap.array());
        ByteBuffer out = ByteBuffer.allocate(BODY + n).order(ByteOrder.LITTLE_ENDIAN);
        FileHeader.write(MemorySegment.ofBuffer(out), MAGIC, VERSION);
        out.position(FileHeader.SIZE);
        out.putInt(rows).putInt(n).putInt((int) crc.getValue()).put(bitmap.array());
        DurableFiles.writeAtomically(path, out.array());
    }

    /** Reads the deleted rows of a segment of {@code rows} rows, checking everything. */
    public static RoaringBitmap read(Path path, int rows) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        FileHeader.check(MemorySegment.ofArray(bytes), path, "deletions file", MAGIC, VERSION, VERSION);
        if (bytes.length < BODY) {
            throw new CorruptFileException(path + ": " + bytes.length + " bytes is too short for a deletions file");
        }
        int storedRows = in.getInt(FileHeader.SIZE);
        int n = in.getInt(FileHeader.SIZE + 4);
        if (storedRows != rows || n != bytes.length - BODY) {
            throw new CorruptFileException(path + ": describes " + storedRows + " rows and " + n + " bitmap bytes; "
                    + "expected " + rows + " rows and " + (bytes.length - BODY) + " bytes");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, BODY, n);
        if ((int) crc.getValue() != in.getInt(FileHeader.SIZE + 8)) {
            throw new CorruptFileException(path + ": the bitmap at offset " + BODY + " fails its checksum");
        }
        RoaringBitmap deleted = new RoaringBitmap();
        deleted.deserialize(ByteBuffer.wrap(bytes, BODY, n).slice());
        if (!deleted.isEmpty() && deleted.last() >= rows) {
            throw new CorruptFileException(path + ": row " + deleted.last() + " is deleted, but the segment has " + rows);
        }
        return deleted;
    }
}
