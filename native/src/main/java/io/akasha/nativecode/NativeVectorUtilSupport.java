package io.akasha.nativecode;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Objects;

import io.akasha.core.vector.ProductQuantizer;
import io.akasha.core.vector.VectorUtilSupport;

/**
 * Every kernel as a call into the C library ({@code native/src/main/c/akasha_kernels.c}).
 *
 * <p>The C code checks nothing, so every argument is checked here before the call, whoever the
 * caller is: equal lengths, counts within the arrays, the data a call reads inside its segment
 * ({@code asSlice} throws otherwise) and every gathered row id inside the matrix. The calls are
 * {@linkplain Linker.Option#critical(boolean) critical}: Java arrays are passed in place, without
 * a copy, and a call neither blocks nor calls back, which is true of every kernel. The method
 * handles are {@code static final} so that the JIT inlines the downcall; the library is therefore
 * loaded when this class initializes, and a failure there is reported by {@link AkashaNativeKernels}.
 */
final class NativeVectorUtilSupport implements VectorUtilSupport {

    private static final NativeLibrary LIBRARY = NativeLibrary.load(CpuFeatures.ofThisMachine());

    private static final FunctionDescriptor PAIR = FunctionDescriptor.of(JAVA_FLOAT, ADDRESS, ADDRESS, JAVA_INT);
    private static final FunctionDescriptor INT8_PAIR = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
    private static final FunctionDescriptor BULK =
            FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS);
    private static final FunctionDescriptor ROWS =
            FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS);

    private static final MethodHandle DOT = downcall("akasha_dot", PAIR);
    private static final MethodHandle SQUARE = downcall("akasha_square_distance", PAIR);
    private static final MethodHandle COSINE = downcall("akasha_cosine", PAIR);
    private static final MethodHandle DOT_BULK = downcall("akasha_dot_bulk", BULK);
    private static final MethodHandle SQUARE_BULK = downcall("akasha_square_distance_bulk", BULK);
    private static final MethodHandle DOT_ROWS = downcall("akasha_dot_rows", ROWS);
    private static final MethodHandle SQUARE_ROWS = downcall("akasha_square_distance_rows", ROWS);
    private static final MethodHandle INT8_DOT = downcall("akasha_int8_dot", INT8_PAIR);
    private static final MethodHandle INT8_DOT_ROWS = downcall("akasha_int8_dot_rows", ROWS);
    private static final MethodHandle PQ_ROWS = downcall("akasha_pq_score_rows", ROWS);

    private static MethodHandle downcall(String symbol, FunctionDescriptor descriptor) {
        MemorySegment address = LIBRARY.lookup().find(symbol).orElseThrow(() -> new UnsupportedOperationException(
                "the native library (" + LIBRARY.variant() + ") has no symbol " + symbol + ": a stale build?"));
        return Linker.nativeLinker().downcallHandle(address, descriptor, Linker.Option.critical(true));
    }

    /** The variant of the library loaded, for example {@code avx2}. */
    static String variant() {
        return LIBRARY.variant();
    }

    @Override
    public String name() {
        return "native-" + LIBRARY.variant();
    }

    @Override
    public float dotProduct(float[] a, float[] b) {
        sameLength(a.length, b.length);
        return pair(DOT, MemorySegment.ofArray(a), MemorySegment.ofArray(b), a.length);
    }

    @Override
    public float squareDistance(float[] a, float[] b) {
        sameLength(a.length, b.length);
        return pair(SQUARE, MemorySegment.ofArray(a), MemorySegment.ofArray(b), a.length);
    }

    @Override
    public float cosine(float[] a, float[] b) {
        sameLength(a.length, b.length);
        return pair(COSINE, MemorySegment.ofArray(a), MemorySegment.ofArray(b), a.length);
    }

    @Override
    public float dotProduct(float[] query, MemorySegment data, long byteOffset) {
        return pair(DOT, MemorySegment.ofArray(query), floats(data, byteOffset, query.length), query.length);
    }

    @Override
    public float squareDistance(float[] query, MemorySegment data, long byteOffset) {
        return pair(SQUARE, MemorySegment.ofArray(query), floats(data, byteOffset, query.length), query.length);
    }

    @Override
    public void dotProductBulk(float[] query, MemorySegment data, long byteOffset, int count, float[] scores) {
        bulk(DOT_BULK, query, data, byteOffset, count, scores);
    }

    @Override
    public void squareDistanceBulk(float[] query, MemorySegment data, long byteOffset, int count, float[] scores) {
        bulk(SQUARE_BULK, query, data, byteOffset, count, scores);
    }

    @Override
    public void dotProductRows(float[] query, MemorySegment data, long byteOffset, int[] rows, int count,
                               float[] scores) {
        floatRows(DOT_ROWS, query, data, byteOffset, rows, count, scores);
    }

    @Override
    public void squareDistanceRows(float[] query, MemorySegment data, long byteOffset, int[] rows, int count,
                                   float[] scores) {
        floatRows(SQUARE_ROWS, query, data, byteOffset, rows, count, scores);
    }

    @Override
    public int int8DotProduct(byte[] a, byte[] b) {
        sameLength(a.length, b.length);
        return int8Pair(MemorySegment.ofArray(a), MemorySegment.ofArray(b), a.length);
    }

    @Override
    public int int8DotProduct(byte[] query, MemorySegment data, long byteOffset) {
        return int8Pair(MemorySegment.ofArray(query), data.asSlice(byteOffset, query.length), query.length);
    }

    @Override
    public void int8DotProductRows(byte[] query, MemorySegment data, long byteOffset, int[] rows, int count,
                                   int[] dots) {
        counted(count, rows.length, dots.length);
        rows(INT8_DOT_ROWS, MemorySegment.ofArray(query), rowsOf(data, byteOffset, query.length, rows, count),
                query.length, rows, count, MemorySegment.ofArray(dots));
    }

    @Override
    public void pqScoreRows(float[] table, int subspaces, MemorySegment codes, long byteOffset, int[] rows, int count,
                            float[] scores) {
        counted(count, rows.length, scores.length);
        if (subspaces < 1 || table.length < (long) subspaces * ProductQuantizer.MAX_CENTROIDS) {
            throw new IllegalArgumentException("a table of " + table.length + " entries cannot score " + subspaces
                    + " subspaces");
        }
        rows(PQ_ROWS, MemorySegment.ofArray(table), rowsOf(codes, byteOffset, subspaces, rows, count), subspaces,
                rows, count, MemorySegment.ofArray(scores));
    }

    private static float pair(MethodHandle kernel, MemorySegment a, MemorySegment b, int length) {
        try {
            return (float) kernel.invokeExact(a, b, length);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    private static int int8Pair(MemorySegment a, MemorySegment b, int length) {
        try {
            return (int) INT8_DOT.invokeExact(a, b, length);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    private static void bulk(MethodHandle kernel, float[] query, MemorySegment data, long byteOffset, int count,
                             float[] scores) {
        counted(count, scores.length, scores.length);
        MemorySegment block = floats(data, byteOffset, (long) count * query.length);
        try {
            kernel.invokeExact(MemorySegment.ofArray(query), block, query.length, count, MemorySegment.ofArray(scores));
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    private static void floatRows(MethodHandle kernel, float[] query, MemorySegment data, long byteOffset, int[] rows,
                                  int count, float[] scores) {
        counted(count, rows.length, scores.length);
        rows(kernel, MemorySegment.ofArray(query), rowsOf(data, byteOffset, (long) query.length * Float.BYTES, rows,
                count), query.length, rows, count, MemorySegment.ofArray(scores));
    }

    private static void rows(MethodHandle kernel, MemorySegment query, MemorySegment matrix, int width, int[] rows,
                             int count, MemorySegment out) {
        try {
            kernel.invokeExact(query, matrix, width, MemorySegment.ofArray(rows), count, out);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** {@code floats} float32 values at {@code byteOffset}; throws if they are not all inside {@code data}. */
    private static MemorySegment floats(MemorySegment data, long byteOffset, long floats) {
        return data.asSlice(byteOffset, floats * Float.BYTES);
    }

    /**
     * The matrix of {@code rowBytes}-byte rows at {@code byteOffset}, after checking that each of
     * {@code rows[0..count)} lies inside {@code data}: the C gather trusts every id.
     */
    private static MemorySegment rowsOf(MemorySegment data, long byteOffset, long rowBytes, int[] rows, int count) {
        MemorySegment matrix = data.asSlice(byteOffset);
        long capacity = rowBytes == 0 ? Long.MAX_VALUE : matrix.byteSize() / rowBytes;
        for (int i = 0; i < count; i++) {
            int row = rows[i];
            if (row < 0 || row >= capacity) {
                throw new IndexOutOfBoundsException("row " + row + " (at " + i + ") is outside the " + capacity
                        + " rows of " + rowBytes + " bytes the segment holds after offset " + byteOffset);
            }
        }
        return matrix;
    }

    private static void counted(int count, int firstLength, int secondLength) {
        if (count < 0 || count > Math.min(firstLength, secondLength)) {
            throw new IndexOutOfBoundsException("count " + count + " must be in [0, " + Math.min(firstLength,
                    secondLength) + "] (the lengths of the arrays it indexes)");
        }
    }

    private static void sameLength(int a, int b) {
        if (a != b) {
            throw new IllegalArgumentException("vector dimensions differ: " + a + " != " + b);
        }
    }

    private static RuntimeException rethrow(Throwable e) {
        if (e instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (e instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(e);
    }
}
