package io.akasha.bench.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.akasha.core.vector.FloatVectors;
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
 * One query against a block of rows that fits in L2, the inner loop of exact search: Akasha's
 * bulk kernel over contiguous off-heap rows, a loop of its single-row kernel over the same rows,
 * and loops of Akasha's and Lucene's array kernels over {@code float[][]} rows. Scores per
 * microsecond are rows scored per microsecond times the block size.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class BulkScoringBenchmark {

    @Param({"100", "128", "784"})
    public int dim;

    @Param({"1024"})
    public int rows;

    private float[] query;
    private float[][] arrays;
    private FloatVectors vectors;
    private float[] scores;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(dim);
        query = new float[dim];
        arrays = new float[rows][dim];
        for (int d = 0; d < dim; d++) {
            query[d] = (float) random.nextDouble(-1, 1);
        }
        for (float[] row : arrays) {
            for (int d = 0; d < dim; d++) {
                row[d] = (float) random.nextDouble(-1, 1);
            }
        }
        vectors = FloatVectors.of(arrays);
        scores = new float[rows];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        vectors.close();
    }

    @Benchmark
    public float[] akashaBulkDot() {
        VectorUtil.dotProductBulk(query, vectors.segment(), 0, rows, scores);
        return scores;
    }

    @Benchmark
    public float[] akashaBulkSquare() {
        VectorUtil.squareDistanceBulk(query, vectors.segment(), 0, rows, scores);
        return scores;
    }

    @Benchmark
    public float[] akashaSegmentLoopDot() {
        var data = vectors.segment();
        for (int r = 0; r < rows; r++) {
            scores[r] = VectorUtil.dotProduct(query, data, vectors.offset(r));
        }
        return scores;
    }

    @Benchmark
    public float[] akashaArrayLoopDot() {
        for (int r = 0; r < rows; r++) {
            scores[r] = VectorUtil.dotProduct(query, arrays[r]);
        }
        return scores;
    }

    @Benchmark
    public float[] luceneArrayLoopDot() {
        for (int r = 0; r < rows; r++) {
            scores[r] = org.apache.lucene.util.VectorUtil.dotProduct(query, arrays[r]);
        }
        return scores;
    }
}
