package io.akasha.storage.lmdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LmdbEnvTest {

    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(MemorySegment segment) {
        return new String(segment.toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    }

    @Test
    void committedWritesSurviveReopenAndAbortedOnesLeaveNothing() throws IOException {
        try (LmdbEnv env = LmdbEnv.open(dir, LmdbEnv.Options.defaults())) {
            LmdbEnv.Dbi db = env.database("things");
            env.write(txn -> {
                txn.put(db, bytes("a"), bytes("apple"));
                txn.putLong(db, bytes("n"), 42L);
                return null;
            });
            IOException failure = assertThrows(IOException.class, () -> env.write(txn -> {
                txn.put(db, bytes("b"), bytes("banana"));
                throw new IOException("changed my mind");
            }));
            assertEquals("changed my mind", failure.getMessage());
        }
        try (LmdbEnv env = LmdbEnv.open(dir, LmdbEnv.Options.defaults())) {
            LmdbEnv.Dbi db = env.database("things");
            LmdbTxn txn = env.read();
            assertEquals("apple", string(txn.get(db, bytes("a"))));
            assertEquals(42L, txn.get(db, bytes("n")).get(ValueLayout.JAVA_LONG_UNALIGNED, 0));
            assertNull(txn.get(db, bytes("b")), "the aborted write is not there");
            assertEquals(2, txn.entries(db));
            List<String> keys = new ArrayList<>();
            txn.forEach(db, (key, value) -> keys.add(string(key)));
            assertEquals(List.of("a", "n"), keys);
            txn.close();
        }
    }

    @Test
    void removeIfDeletesExactlyTheAcceptedEntries() throws IOException {
        try (LmdbEnv env = LmdbEnv.open(dir, LmdbEnv.Options.defaults())) {
            LmdbEnv.Dbi db = env.database("numbers");
            env.write(txn -> {
                for (int i = 0; i < 5_000; i++) {
                    txn.putLong(db, bytes(String.format("%05d", i)), i);
                }
                return null;
            });
            long removed = env.write(txn -> txn.removeIf(db,
                    (key, value) -> value.get(ValueLayout.JAVA_LONG_UNALIGNED, 0) % 3 != 0));
            assertEquals(5_000 - 1_667, removed);
            List<Long> left = new ArrayList<>();
            try (LmdbTxn txn = env.read()) {
                txn.forEach(db, (key, value) -> left.add(value.get(ValueLayout.JAVA_LONG_UNALIGNED, 0)));
            }
            assertEquals(1_667, left.size());
            LmdbEnv.Dbi empty = env.database("empty");
            try (LmdbTxn txn = env.read()) {
                assertEquals("00000", new String(txn.firstKey(db), StandardCharsets.UTF_8));
                assertEquals("04998", new String(txn.lastKey(db), StandardCharsets.UTF_8));
                assertNull(txn.firstKey(empty));
            }
            for (int i = 0; i < left.size(); i++) {
                assertEquals(3L * i, left.get(i));
            }
        }
    }

    @Test
    void deleteAndDrop() throws IOException {
        try (LmdbEnv env = LmdbEnv.open(dir, LmdbEnv.Options.defaults())) {
            LmdbEnv.Dbi db = env.database("gone");
            env.write(txn -> {
                txn.put(db, bytes("k"), bytes("v"));
                txn.put(db, bytes("j"), bytes("w"));
                return null;
            });
            assertTrue((boolean) env.write(txn -> txn.delete(db, bytes("k"))));
            assertFalse((boolean) env.write(txn -> txn.delete(db, bytes("k"))));
            env.write(txn -> {
                txn.drop(db);
                return null;
            });
            LmdbEnv.Dbi again = env.database("gone");
            try (LmdbTxn txn = env.read()) {
                assertEquals(0, txn.entries(again), "a dropped database comes back empty");
            }
        }
    }

    @Test
    void readersSeeASnapshotWhileTheWriterCommits() throws Exception {
        try (LmdbEnv env = LmdbEnv.open(dir, LmdbEnv.Options.defaults())) {
            LmdbEnv.Dbi db = env.database("counter");
            env.write(txn -> {
                txn.putLong(db, bytes("a"), 0);
                txn.putLong(db, bytes("b"), 0);
                return null;
            });
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch started = new CountDownLatch(8);
            // Platform threads: eight virtual readers spinning on two carriers starved the ones not yet
            // started (a yielded virtual thread can be picked again before queued ones), and the
            // latch below waited forever in one CI run.
            try (var pool = Executors.newFixedThreadPool(8)) {
                List<Future<Long>> readers = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    readers.add(pool.submit(() -> {
                        long reads = 0;
                        started.countDown();
                        while (!stop.get()) {
                            try (LmdbTxn txn = env.read()) {
                                long a = txn.get(db, bytes("a")).get(ValueLayout.JAVA_LONG_UNALIGNED, 0);
                                Thread.yield();
                                long b = txn.get(db, bytes("b")).get(ValueLayout.JAVA_LONG_UNALIGNED, 0);
                                assertEquals(a, b, "a and b change in one transaction");
                            }
                            reads++;
                        }
                        return reads;
                    }));
                }
                started.await();
                for (long i = 1; i <= 200; i++) {
                    long value = i;
                    env.write(txn -> {
                        txn.putLong(db, bytes("a"), value);
                        txn.putLong(db, bytes("b"), value);
                        return null;
                    });
                }
                stop.set(true);
                for (Future<Long> reader : readers) {
                    assertTrue(reader.get() > 0);
                }
            }
        }
    }

    @Test
    void badKeysAndWritesInReadTransactionsAreRefused() throws IOException {
        try (LmdbEnv env = LmdbEnv.open(dir, LmdbEnv.Options.defaults())) {
            LmdbEnv.Dbi db = env.database("x");
            try (LmdbTxn txn = env.read()) {
                assertThrows(IllegalStateException.class, () -> txn.put(db, bytes("k"), bytes("v")));
                IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                        () -> txn.get(db, new byte[LmdbTxn.MAX_KEY_BYTES + 1]));
                assertTrue(tooLong.getMessage().contains("512"), tooLong.getMessage());
            }
            LmdbTxn open = env.read();
            IllegalStateException busy = assertThrows(IllegalStateException.class, env::close);
            assertTrue(busy.getMessage().contains("still open"), busy.getMessage());
            open.close();
        }
    }

    @Test
    void aMissingLibrarySaysHowToInstallIt() {
        Object result = LmdbLibrary.load(List.of("/nonexistent/liblmdb.so.0"));
        LmdbUnavailableException e = assertInstanceOf(LmdbUnavailableException.class, result);
        assertTrue(e.getMessage().contains("apt-get install liblmdb0"), e.getMessage());
        assertTrue(e.getMessage().contains("/nonexistent/liblmdb.so.0"), e.getMessage());
    }
}
