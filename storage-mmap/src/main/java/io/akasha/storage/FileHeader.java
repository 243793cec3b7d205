package io.akasha.storage;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The header every Akasha file starts with, so that any file can be recognized, and refused with
 * a clear message, before its body is trusted.
 *
 * <pre>
 * offset size  field
 *      0    8  magic: eight ASCII bytes naming the file kind, e.g. "AKVECTRS"
 *      8    4  format version, uint32 little-endian, starting at 1 for each kind
 *     12    4  reserved, zero
 * </pre>
 *
 * Each file kind has a {@code *Format} class holding its magic, its current version, the
 * versions it still reads, and the layout of the rest of the file. All multi-byte values in
 * every format are little-endian.
 */
public final class FileHeader {

    public static final int SIZE = 16;
    public static final int MAGIC_LENGTH = 8;
    public static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private FileHeader() {
    }

    /** Writes the header at the start of {@code file}. */
    public static void write(MemorySegment file, String magic, int version) {
        byte[] bytes = magicBytes(magic);
        MemorySegment.copy(bytes, 0, file, ValueLayout.JAVA_BYTE, 0, MAGIC_LENGTH);
        file.set(INT_LE, 8, version);
        file.set(INT_LE, 12, 0);
    }

    /**
     * Checks the header of {@code file} and returns its version.
     *
     * @param kind a human name for messages, e.g. "vectors file"
     * @throws CorruptFileException               if the file is too short or the magic is wrong
     * @throws UnsupportedFormatVersionException if the version is outside {@code [minVersion, maxVersion]}
     */
    public static int check(MemorySegment file, Path path, String kind, String magic, int minVersion, int maxVersion)
            throws CorruptFileException {
        if (file.byteSize() < SIZE) {
            throw new CorruptFileException(path + ": " + file.byteSize() + " bytes is too short for an Akasha "
                    + kind + " (the header alone is " + SIZE + " bytes)");
        }
        byte[] found = new byte[MAGIC_LENGTH];
        MemorySegment.copy(file, ValueLayout.JAVA_BYTE, 0, found, 0, MAGIC_LENGTH);
        if (!java.util.Arrays.equals(found, magicBytes(magic))) {
            throw new CorruptFileException(path + ": not an Akasha " + kind + ": magic at byte 0 is '"
                    + printable(found) + "', expected '" + magic + "'");
        }
        int version = file.get(INT_LE, 8);
        if (version < minVersion || version > maxVersion) {
            throw new UnsupportedFormatVersionException(path + ": " + kind + " format version "
                    + Integer.toUnsignedString(version) + " is not supported by this build, which reads versions "
                    + minVersion + (minVersion == maxVersion ? "" : " to " + maxVersion));
        }
        return version;
    }

    private static byte[] magicBytes(String magic) {
        byte[] bytes = magic.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length != MAGIC_LENGTH) {
            throw new IllegalArgumentException("a magic is " + MAGIC_LENGTH + " ASCII characters, got '" + magic + "'");
        }
        return bytes;
    }

    private static String printable(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b));
        }
        return text.toString();
    }
}
