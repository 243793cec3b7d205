package io.akasha.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteAheadLogTest {

    @TempDir
    Path dir;

    private static List<String> replayAll(WriteAheadLog log) throws IOException {
        List<String> records = new ArrayList<>();
        log.replay(buffer -> {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            records.add(new String(bytes, StandardCharsets.UTF_8));
        }, true);
        return records;
    }

    private static void append(WriteAheadLog log, String text) throws IOException {
        log.write(text.getBytes(StandardCharsets.UTF_8));
        log.force();
    }

    /** A fresh log at {@code path} holding {@code records}. */
    private static void write(Path path, String... records) throws IOException {
        try (WriteAheadLog log = WriteAheadLog.open(path)) {
            replayAll(log);
            for (String record : records) {
                append(log, record);
            }
        }
    }

    @Test
    void recordsComeBackInOrderAfterReopening() throws IOException {
        Path path = dir.resolve("wal.log");
        try (WriteAheadLog log = WriteAheadLog.open(path)) {
            assertEquals(List.of(), replayAll(log));
            append(log, "one");
            append(log, "two");
        }
        try (WriteAheadLog log = WriteAheadLog.open(path)) {
            assertEquals(List.of("one", "two"), replayAll(log));
            append(log, "three");
        }
        try (WriteAheadLog log = WriteAheadLog.open(path)) {
            assertEquals(List.of("one", "two", "three"), replayAll(log));
        }
    }

    @Test
    void aTornTailIsTruncatedAndAppendsContinueAfterTheLastCompleteRecord() throws IOException {
        Path path = dir.resolve("wal.log");
        write(path, "kept", "torn");
        long complete = Files.size(path);
        // Cut the last record in the middle, as a crash during the write would.
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            channel.truncate(complete - 2);
        }
        long firstRecordEnd = FileHeader.SIZE + WalFormat.RECORD_HEADER + 4;
        try (WriteAheadLog log = WriteAheadLog.open(path)) {
            assertEquals(List.of("kept"), replayAll(log));
            assertEquals(firstRecordEnd, Files.size(path), "the torn record is gone");
            append(log, "after");
        }
        try (WriteAheadLog log = WriteAheadLog.open(path)) {
            assertEquals(List.of("kept", "after"), replayAll(log));
        }
    }

    @Test
    void aRecordWhoseChecksumFailsEndsTheLog() throws IOException {
        Path path = dir.resolve("wal.log");
        write(path, "good", "flipped");
        byte[] bytes = Files.readAllBytes(path);
        bytes[bytes.length - 1] ^= 0x40;
        Files.write(path, bytes);
        try (WriteAheadLog log = WriteAheadLog.open(path)) {
            assertEquals(List.of("good"), replayAll(log));
        }
    }

    @Test
    void aCorruptByteInTheMiddleIsReportedWithItsOffsetAndNothingIsTruncated() throws IOException {
        Path path = dir.resolve("wal.log");
        write(path, "first", "second", "third");
        byte[] bytes = Files.readAllBytes(path);
        long secondRecord = FileHeader.SIZE + WalFormat.RECORD_HEADER + "first".length();
        bytes[(int) secondRecord + WalFormat.RECORD_HEADER + 2] ^= 0x01;
        Files.write(path, bytes);
        try (WriteAheadLog log = WriteAheadLog.open(path)) {
            CorruptFileException e = assertThrows(CorruptFileException.class, () -> replayAll(log));
            assertEquals(path + ": corrupt write-ahead log record at offset " + secondRecord + " (a record whose "
                    + "checksum does not match); a valid record follows at offset "
                    + (secondRecord + WalFormat.RECORD_HEADER + "second".length()) + ", so it is not a torn tail; "
                    + "the 1 records before it are intact", e.getMessage());
        }
        assertArrayEquals(bytes, Files.readAllBytes(path), "the file is left as it was for inspection");
    }

    @Test
    void aCorruptLengthInTheMiddleIsFoundByTheRecordsAfterIt() throws IOException {
        Path path = dir.resolve("wal.log");
        write(path, "first", "second", "third");
        byte[] bytes = Files.readAllBytes(path);
        bytes[FileHeader.SIZE + 3] = 0x7f; // the first record now claims ~2 GB, more than the file holds
        Files.write(path, bytes);
        try (WriteAheadLog log = WriteAheadLog.open(path)) {
            CorruptFileException e = assertThrows(CorruptFileException.class, () -> replayAll(log));
            assertTrue(e.getMessage().startsWith(path + ": corrupt write-ahead log record at offset " + FileHeader.SIZE
                    + " (a record length of "), e.getMessage());
        }
    }

    @Test
    void inAFileThatWasCompleteEvenTheLastRecordMustBeIntact() throws IOException {
        Path path = dir.resolve("wal.log");
        write(path, "good", "flipped");
        byte[] bytes = Files.readAllBytes(path);
        bytes[bytes.length - 1] ^= 0x40;
        Files.write(path, bytes);
        try (WriteAheadLog log = WriteAheadLog.open(path)) {
            CorruptFileException e = assertThrows(CorruptFileException.class, () -> log.replay(b -> { }, false));
            assertTrue(e.getMessage().contains("in a log file that was complete"), e.getMessage());
        }
    }

    @Test
    void garbageLengthsAndPartialHeadersAreTornTails() throws IOException {
        Path path = dir.resolve("wal.log");
        write(path, "good");
        for (byte[] tail : List.of(new byte[] {1, 2, 3}, new byte[] {-1, -1, -1, -1, 0, 0, 0, 0, 9})) {
            Files.write(path, tail, StandardOpenOption.APPEND);
            try (WriteAheadLog log = WriteAheadLog.open(path)) {
                assertEquals(List.of("good"), replayAll(log));
            }
        }
    }

    @Test
    void aFileThatIsNotALogIsRefusedByName() throws IOException {
        Path path = dir.resolve("other.bin");
        Files.write(path, "NOTALOG!xxxxxxxxxxxx".getBytes(StandardCharsets.US_ASCII));
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> WriteAheadLog.open(path));
        assertEquals(path + ": not an Akasha write-ahead log: magic at byte 0 is 'NOTALOG!', expected 'AKWALLOG'",
                e.getMessage());
    }

    @Test
    void appendingBeforeReplayIsAProgrammingError() throws IOException {
        try (WriteAheadLog log = WriteAheadLog.open(dir.resolve("wal.log"))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> log.write(new byte[1]));
            assertTrue(e.getMessage().contains("replay the log before appending"), e.getMessage());
        }
    }

    @Test
    void payloadsSurviveByteForByte() throws IOException {
        Path path = dir.resolve("wal.log");
        byte[] big = new byte[1 << 20];
        new java.util.Random(3).nextBytes(big);
        try (WriteAheadLog log = WriteAheadLog.open(path)) {
            replayAll(log);
            log.write(big);
        }
        try (WriteAheadLog log = WriteAheadLog.open(path)) {
            List<byte[]> seen = new ArrayList<>();
            log.replay(buffer -> {
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                seen.add(bytes);
            }, true);
            assertArrayEquals(big, seen.getFirst());
        }
    }
}
