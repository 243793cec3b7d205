package io.akasha.core.vector;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Product quantization: a vector's dimensions are split into {@code M} contiguous subspaces
 * (the first {@code dim % M} one dimension wider), and each subvector is replaced by the
 * nearest of up to 256 centroids that k-means learnt for its subspace, so a vector becomes
 * {@code M} bytes. Scoring is asymmetric (ADC): per query, {@link #scoreTable} fills
 * {@code M x 256} partial scores of the query's subvectors against the centroids, and a coded
 * vector's score is the sum of its {@code M} entries ({@link #score}): exactly the score of the
 * query against the decoded vector, since squared distances and dot products both add up over
 * subspaces. Scores follow {@link Similarity#scoreRows}: larger is better ({@code -distance^2}
 * for L2, the dot product for IP and for COSINE over unit vectors).
 *
 * <p>Immutable and thread-safe once trained.
 */
public final class ProductQuantizer {

    /** Centroids per subspace at most: one byte per code. */
    public static final int MAX_CENTROIDS = 256;
    /** Rows k-means learns from at most (evenly spread over the data). */
    static final int SAMPLE_ROWS = 32_768;

    private final Similarity similarity;
    private final int dim;
    /** Subspace m covers dimensions [offsets[m], offsets[m + 1]). */
    private final int[] offsets;
    private final int centroidCount;
    /** Per subspace, centroid c at [c * width, (c + 1) * width). */
    private final float[][] centroids;
    /** The same centroids per subspace, arranged to find a subvector's nearest quickly. */
    private final KMeans.Centroids[] nearest;

    private ProductQuantizer(Similarity similarity, int dim, int[] offsets, int centroidCount, float[][] centroids) {
        this.similarity = similarity;
        this.dim = dim;
        this.offsets = offsets;
        this.centroidCount = centroidCount;
        this.centroids = centroids;
        this.nearest = new KMeans.Centroids[centroids.length];
        for (int m = 0; m < centroids.length; m++) {
            nearest[m] = new KMeans.Centroids(centroids[m], centroidCount, offsets[m + 1] - offsets[m]);
        }
    }

    /**
     * Learns the centroids of {@code subspaces} subspaces from {@code vectors} (in scoring form:
     * unit length for COSINE) with {@code iterations} rounds of k-means, seeded, one subspace per
     * task on the common pool.
     *
     * @throws IllegalArgumentException if {@code subspaces} is not in 1..dim, there are no
     *                                  vectors, or {@code iterations} is not positive
     */
    public static ProductQuantizer train(FloatVectors vectors, Similarity similarity, int subspaces, int iterations,
                                         long seed) {
        int dim = vectors.dim();
        if (subspaces < 1 || subspaces > dim) {
            throw new IllegalArgumentException("product quantization needs 1 to " + dim
                    + " subspaces (the dimension), got " + subspaces);
        }
        if (vectors.count() == 0) {
            throw new IllegalArgumentException("product quantization needs vectors to learn from, got none");
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("k-means needs at least one iteration, got " + iterations);
        }
        int[] offsets = new int[subspaces + 1];
        for (int m = 0; m < subspaces; m++) {
            offsets[m + 1] = offsets[m] + dim / subspaces + (m < dim % subspaces ? 1 : 0);
        }
        int rows = Math.min(vectors.count(), SAMPLE_ROWS);
        float[][] sample = new float[rows][];
        for (int s = 0; s < rows; s++) {
            sample[s] = vectors.get((int) ((long) s * vectors.count() / rows));
        }
        int k = Math.min(MAX_CENTROIDS, rows);
        float[][] centroids = new float[subspaces][];
        IntStream.range(0, subspaces).parallel().forEach(m ->
                centroids[m] = kMeans(sample, offsets[m], offsets[m + 1] - offsets[m], k, iterations, seed + m));
        return new ProductQuantizer(similarity, dim, offsets, k, centroids);
    }

    /** k-means on one subspace of the sample. */
    private static float[] kMeans(float[][] sample, int from, int width, int k, int iterations, long seed) {
        int n = sample.length;
        float[] points = new float[n * width];
        for (int i = 0; i < n; i++) {
            System.arraycopy(sample[i], from, points, i * width, width);
        }
        return KMeans.train(points, n, width, k, iterations, seed);
    }

    public int dimension() {
        return dim;
    }

    /** M: the bytes of a code. */
    public int subspaces() {
        return offsets.length - 1;
    }

    /** Centroids per subspace (256, or the number of rows learnt from when fewer). */
    public int centroidCount() {
        return centroidCount;
    }

    public Similarity similarity() {
        return similarity;
    }

    /** Writes the code of {@code vector} (in scoring form) into {@code codes[0..M)}: the nearest centroid per subspace. */
    public void encode(float[] vector, byte[] codes) {
        checkDimension(vector.length);
        float[] distances = new float[centroidCount];
        for (int m = 0; m < subspaces(); m++) {
            codes[m] = (byte) nearest[m].nearest(vector, offsets[m], distances);
        }
    }

    /** The vector a code stands for. */
    public float[] decode(byte[] codes) {
        float[] vector = new float[dim];
        for (int m = 0; m < subspaces(); m++) {
            int width = offsets[m + 1] - offsets[m];
            System.arraycopy(centroids[m], Byte.toUnsignedInt(codes[m]) * width, vector, offsets[m], width);
        }
        return vector;
    }

    /**
     * Fills {@code table[m * 256 + c]} with the partial score of {@code query} (in scoring form)
     * against centroid {@code c} of subspace {@code m}; entries past {@link #centroidCount} are
     * left alone.
     */
    public void scoreTable(float[] query, float[] table) {
        checkDimension(query.length);
        if (table.length < subspaces() * MAX_CENTROIDS) {
            throw new IllegalArgumentException("a score table needs " + subspaces() * MAX_CENTROIDS
                    + " entries, got " + table.length);
        }
        boolean l2 = similarity == Similarity.L2;
        for (int m = 0; m < subspaces(); m++) {
            int width = offsets[m + 1] - offsets[m];
            float[] subspace = centroids[m];
            for (int c = 0; c < centroidCount; c++) {
                float partial = 0;
                for (int d = 0; d < width; d++) {
                    float value = subspace[c * width + d];
                    float q = query[offsets[m] + d];
                    partial += l2 ? (q - value) * (q - value) : q * value;
                }
                table[m * MAX_CENTROIDS + c] = l2 ? -partial : partial;
            }
        }
    }

    /** The score of the coded vector {@code codes[0..M)} for the query {@code table} was filled for. */
    public float score(float[] table, byte[] codes) {
        return score(table, MemorySegment.ofArray(codes), 0);
    }

    /**
     * The score of the coded vector at {@code codes[at..at + M)} for the query {@code table} was
     * filled for. Many rows at once: {@link VectorUtil#pqScoreRows}.
     */
    public float score(float[] table, MemorySegment codes, long at) {
        return adc(table, offsets.length - 1, codes, at);
    }

    /** {@link #adc} of each of the rows {@code rows[0..count)}, row r at {@code byteOffset + r * subspaces}. */
    static void adcRows(float[] table, int subspaces, MemorySegment codes, long byteOffset, int[] rows, int count,
                        float[] scores) {
        for (int i = 0; i < count; i++) {
            scores[i] = ProductQuantizer.adc(table, subspaces, codes, byteOffset + (long) rows[i] * subspaces);
        }
    }

    /**
     * The ADC sum of {@code subspaces} codes at {@code at}: the hot loop of a DiskANN walk. Four
     * code bytes are read at once and summed into four accumulators; against one byte and one
     * running sum this measured the same on glove100 (mapped QPS within this machine's noise,
     * bench/RESULTS.md), so it is no faster, just the one loop every Java caller shares.
     */
    static float adc(float[] table, int subspaces, MemorySegment codes, long at) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int m = 0;
        for (; m + 3 < subspaces; m += 4) {
            int four = codes.get(INT, at + m);
            int row = m * MAX_CENTROIDS;
            s0 += table[row + (four & 0xFF)];
            s1 += table[row + MAX_CENTROIDS + ((four >>> 8) & 0xFF)];
            s2 += table[row + 2 * MAX_CENTROIDS + ((four >>> 16) & 0xFF)];
            s3 += table[row + 3 * MAX_CENTROIDS + (four >>> 24)];
        }
        for (; m < subspaces; m++) {
            s0 += table[m * MAX_CENTROIDS + Byte.toUnsignedInt(codes.get(java.lang.foreign.ValueLayout.JAVA_BYTE, at + m))];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static final java.lang.foreign.ValueLayout.OfInt INT =
            java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final java.lang.foreign.ValueLayout.OfFloat FLOAT =
            java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);

    /**
     * Bytes of the stored form ({@link #writeTo}), little-endian: metric, dimension, M and the
     * centroid count as int32, the M + 1 subspace offsets as int32, then each subspace's
     * centroids as float32.
     */
    public long byteSize() {
        return 4L * (4 + offsets.length) + 4L * centroidCount * dim;
    }

    /** Writes the stored form at {@code offset} of {@code out}. */
    public void writeTo(MemorySegment out, long offset) {
        long at = offset;
        for (int value : new int[] {similarity.ordinal(), dim, subspaces(), centroidCount}) {
            out.set(INT, at, value);
            at += 4;
        }
        for (int value : offsets) {
            out.set(INT, at, value);
            at += 4;
        }
        for (float[] subspace : centroids) {
            MemorySegment.copy(subspace, 0, out, FLOAT, at, subspace.length);
            at += 4L * subspace.length;
        }
    }

    /**
     * Reads the stored form at {@code offset} of {@code in}.
     *
     * @throws IllegalArgumentException if it is not a consistent quantizer (the message says what)
     */
    public static ProductQuantizer readFrom(MemorySegment in, long offset) {
        int metric = in.get(INT, offset);
        int dim = in.get(INT, offset + 4);
        int subspaces = in.get(INT, offset + 8);
        int count = in.get(INT, offset + 12);
        if (metric < 0 || metric >= Similarity.values().length || dim < 1 || subspaces < 1 || subspaces > dim
                || count < 1 || count > MAX_CENTROIDS) {
            throw new IllegalArgumentException("not a product quantizer: metric " + metric + ", dimension " + dim
                    + ", " + subspaces + " subspaces, " + count + " centroids");
        }
        int[] offsets = new int[subspaces + 1];
        long at = offset + 16;
        for (int m = 0; m <= subspaces; m++, at += 4) {
            offsets[m] = in.get(INT, at);
            if (m > 0 && offsets[m] <= offsets[m - 1] || offsets[0] != 0) {
                throw new IllegalArgumentException("product quantizer subspace offsets out of order: " + offsets[m]);
            }
        }
        if (offsets[subspaces] != dim) {
            throw new IllegalArgumentException("product quantizer subspaces cover " + offsets[subspaces]
                    + " dimensions of " + dim);
        }
        float[][] centroids = new float[subspaces][];
        for (int m = 0; m < subspaces; m++) {
            centroids[m] = new float[count * (offsets[m + 1] - offsets[m])];
            MemorySegment.copy(in, FLOAT, at, centroids[m], 0, centroids[m].length);
            at += 4L * centroids[m].length;
        }
        return new ProductQuantizer(Similarity.values()[metric], dim, offsets, count, centroids);
    }

    private void checkDimension(int length) {
        if (length != dim) {
            throw new IllegalArgumentException("vector has dimension " + length + ", the quantizer " + dim);
        }
    }

    @Override
    public String toString() {
        return "ProductQuantizer[" + subspaces() + " subspaces x " + centroidCount + " centroids, dim " + dim + ", "
                + similarity + ", widths " + Arrays.toString(IntStream.range(0, subspaces())
                .map(m -> offsets[m + 1] - offsets[m]).distinct().toArray()) + "]";
    }
}
