package io.akasha.bench.jmh;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.akasha.core.vector.Kernel;
import io.akasha.core.vector.VectorUtil;
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

/**
 * Native against Panama, kernel by kernel, through the {@link VectorUtil} façade as the engine
 * calls it: each fork sets {@code akasha.vectorization} to {@code impl} before the façade is
 * first used, so the one JVM runs one implementation. The operations are what the indexes do:
 * one pair of vectors, a contiguous block of 256 rows (exact search), 32 rows gathered at random
 * from a matrix of 20,000 (a graph hop; the matrix is larger than L2, so memory latency counts),
 * int8 rows the same way, and PQ scores of 32 gathered coded rows with {@code dim / 4} subspaces
 * (a DiskANN hop). Each invocation takes the next 32 row ids of a shuffled list of
 * {@code distinctRows} (4,096 by default, so caches do not learn one set; {@code -p
 * distinctRows=400000} draws from a matrix of that many rows, far larger than L3, as an index of
 * glove100's size is: there memory latency dominates and prefetching counts). Operations per
 * microsecond; compare the two impl rows per kernel.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class NativeKernelBenchmark {

    private static final int MIN_MATRIX_ROWS = 20_000;
    private static final int BLOCK_ROWS = 256;
    private static final int GATHER = 32;

    @Param({"100", "128", "768", "784"})
    public int dim;

    @Param({"panama", "native"})
    public String impl;

    @Param({"4096"})
    public int distinctRows;

    private float[] a;
    private float[] b;
    private byte[] int8Query;
    private float[] table;
    private int subspaces;
    private Arena arena;
    private MemorySegment floats;
    private MemorySegment bytes;
    private MemorySegment codes;
    private int[] rowIds;
    private int[] gather;
    private int next;
    private float[] scores;
    private int[] dots;

    @Setup(Level.Trial)
    public void setUp() {
        System.setProperty("akasha.vectorization", impl);
        SplittableRandom random = new SplittableRandom(dim);
        a = floats(random, dim);
        b = floats(random, dim);
        int8Query = new byte[dim];
        random.nextBytes(int8Query);
        subspaces = dim / 4;
        table = floats(random, subspaces * 256);
        arena = Arena.ofShared();
        int matrixRows = Math.max(MIN_MATRIX_ROWS, distinctRows);
        floats = arena.allocate((long) matrixRows * dim * Float.BYTES, 64);
        for (long i = 0; i < floats.byteSize(); i += Float.BYTES) {
            floats.set(ValueLayout.JAVA_FLOAT_UNALIGNED, i, (float) random.nextDouble(-1, 1));
        }
        bytes = arena.allocate((long) matrixRows * dim, 64);
        codes = arena.allocate((long) matrixRows * subspaces, 64);
        for (long i = 0; i < bytes.byteSize(); i++) {
            bytes.set(ValueLayout.JAVA_BYTE, i, (byte) random.nextInt(256));
        }
        for (long i = 0; i < codes.byteSize(); i++) {
            codes.set(ValueLayout.JAVA_BYTE, i, (byte) random.nextInt(256));
        }
        rowIds = random.ints(distinctRows, 0, matrixRows).toArray();
        gather = new int[GATHER];
        scores = new float[BLOCK_ROWS];
        dots = new int[GATHER];
        String used = VectorUtil.implementationOf(Kernel.DOT_PRODUCT_ROWS).name();
        if (!used.startsWith(impl)) {
            throw new IllegalStateException("asked for " + impl + " kernels, the façade uses " + used);
        }
        System.out.println("\n[native-kernels] " + impl + ": " + used);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    private int[] nextRows() {
        System.arraycopy(rowIds, next, gather, 0, GATHER);
        next += GATHER;
        if (next + GATHER > rowIds.length) {
            next = 0;
        }
        return gather;
    }

    @Benchmark
    public float dotProduct() {
        return VectorUtil.dotProduct(a, b);
    }

    @Benchmark
    public float squareDistance() {
        return VectorUtil.squareDistance(a, b);
    }

    @Benchmark
    public float[] dotProductBulk() {
        VectorUtil.dotProductBulk(a, floats, 0, BLOCK_ROWS, scores);
        return scores;
    }

    @Benchmark
    public float[] squareDistanceBulk() {
        VectorUtil.squareDistanceBulk(a, floats, 0, BLOCK_ROWS, scores);
        return scores;
    }

    @Benchmark
    public float[] dotProductRows() {
        VectorUtil.dotProductRows(a, floats, 0, nextRows(), GATHER, scores);
        return scores;
    }

    @Benchmark
    public float[] squareDistanceRows() {
        VectorUtil.squareDistanceRows(a, floats, 0, nextRows(), GATHER, scores);
        return scores;
    }

    @Benchmark
    public int int8DotProduct() {
        return VectorUtil.int8DotProduct(int8Query, bytes, 0);
    }

    @Benchmark
    public int[] int8DotProductRows() {
        VectorUtil.int8DotProductRows(int8Query, bytes, 0, nextRows(), GATHER, dots);
        return dots;
    }

    @Benchmark
    public float[] pqScoreRows() {
        VectorUtil.pqScoreRows(table, subspaces, codes, 0, nextRows(), GATHER, scores);
        return scores;
    }

    private static float[] floats(SplittableRandom random, int length) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) random.nextDouble(-1, 1);
        }
        return values;
    }
}
