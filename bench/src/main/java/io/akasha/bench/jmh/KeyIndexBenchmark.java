package io.akasha.bench.jmh;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.lmdbjava.ByteArrayProxy;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.Txn;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.akasha.core.AkashaException;
import io.akasha.storage.DurableFiles;
import io.akasha.storage.lmdb.LmdbEnv;
import io.akasha.storage.lmdb.LmdbTxn;

/**
 * The primary-key index's two LMDB operations through our FFM binding ({@code akasha}: Debian's
 * liblmdb through {@link LmdbEnv}) and through lmdbjava 0.9.3 with its byte-array proxy (the one
 * usable without {@code --add-opens}; lmdbjava bundles its own liblmdb): a lookup of a random
 * existing 8-byte key in its own read transaction, as {@code StoredKeys.find} does, and a commit
 * of 10,000 new keys, as a checkpoint does (forced to the device; both sync on commit).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class KeyIndexBenchmark {

    private static final int BATCH = 10_000;

    @Param({"akasha", "lmdbjava"})
    public String binding;

    @Param({"1000000"})
    public int keys;

    private Path dir;
    private Store store;
    private byte[][] lookups;
    private long nextKey;
    private int cursor;

    /** The two operations, per binding. */
    private interface Store extends AutoCloseable {
        long get(byte[] key) throws IOException;

        void put(long firstKey, int count) throws IOException;

        @Override
        void close();
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("akasha-keys-bench");
        store = "akasha".equals(binding) ? new Akasha(dir) : new LmdbJava(dir);
        for (long first = 0; first < keys; first += 100_000) {
            store.put(first, (int) Math.min(100_000, keys - first));
        }
        nextKey = keys;
        SplittableRandom random = new SplittableRandom(7);
        lookups = new byte[1 << 16][];
        for (int i = 0; i < lookups.length; i++) {
            lookups[i] = key(random.nextLong(keys));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        store.close();
        DurableFiles.deleteRecursively(dir);
    }

    @Benchmark
    public long getOneKeyPerTransaction() throws IOException {
        return store.get(lookups[cursor++ & (lookups.length - 1)]);
    }

    /** Reported per key. */
    @Benchmark
    @org.openjdk.jmh.annotations.OperationsPerInvocation(BATCH)
    public void commitTenThousandKeys() throws IOException {
        store.put(nextKey, BATCH);
        nextKey += BATCH;
    }

    private static byte[] key(long id) {
        // Spread the ids so that inserts land all over the tree, as hashed primary keys would.
        return ByteBuffer.allocate(8).putLong(Long.reverse(id)).array();
    }

    private static final class Akasha implements Store {
        private final LmdbEnv env;
        private final LmdbEnv.Dbi db;

        Akasha(Path dir) throws IOException {
            env = LmdbEnv.open(dir, LmdbEnv.Options.defaults());
            db = env.database("keys");
        }

        @Override
        public long get(byte[] key) throws IOException {
            try (LmdbTxn txn = env.read()) {
                MemorySegment value = txn.get(db, key);
                if (value == null) {
                    throw new AkashaException(AkashaException.ErrorCode.NOT_FOUND, "missing key");
                }
                return value.get(ValueLayout.JAVA_LONG_UNALIGNED, 0);
            }
        }

        @Override
        public void put(long firstKey, int count) throws IOException {
            env.write(txn -> {
                for (long id = firstKey; id < firstKey + count; id++) {
                    txn.putLong(db, key(id), id);
                }
                return null;
            });
        }

        @Override
        public void close() {
            env.close();
        }
    }

    private static final class LmdbJava implements Store {
        private final Env<byte[]> env;
        private final Dbi<byte[]> db;

        LmdbJava(Path dir) {
            env = Env.create(ByteArrayProxy.PROXY_BA).setMapSize(64L << 30).setMaxDbs(4).setMaxReaders(1024)
                    .open(dir.toFile(), EnvFlags.MDB_NOTLS, EnvFlags.MDB_NORDAHEAD);
            db = env.openDbi("keys", DbiFlags.MDB_CREATE);
        }

        @Override
        public long get(byte[] key) {
            try (Txn<byte[]> txn = env.txnRead()) {
                byte[] value = db.get(txn, key);
                return ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).getLong();
            }
        }

        @Override
        public void put(long firstKey, int count) {
            try (Txn<byte[]> txn = env.txnWrite()) {
                ByteBuffer value = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
                for (long id = firstKey; id < firstKey + count; id++) {
                    db.put(txn, key(id), value.putLong(0, id).array());
                }
                txn.commit();
            }
        }

        @Override
        public void close() {
            env.close();
        }
    }
}
