package io.akasha.bench.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.akasha.core.vector.Kernel;
import io.akasha.core.vector.ScalarVectorUtilSupport;
import io.akasha.core.vector.VectorUtil;
import io.akasha.core.vector.VectorUtilSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One pair of vectors scored by each kernel: Akasha's chosen implementation (through the public
 * {@link VectorUtil} façade, as the engine calls it), Akasha's scalar fallback, and Lucene's
 * {@code VectorUtil}, the well-tuned Java reference. All three are called through the same
 * interface, so the harness costs them the same.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class KernelBenchmark {

    @Param({"96", "100", "128", "384", "768", "784", "1536"})
    public int dim;

    @Param({"akasha", "scalar", "lucene"})
    public String impl;

    private float[] a;
    private float[] b;
    private byte[] qa;
    private byte[] qb;
    private Kernels kernels;

    /** The four kernels, behind one interface for every contender. */
    interface Kernels {
        float dot(float[] a, float[] b);

        float squareDistance(float[] a, float[] b);

        float cosine(float[] a, float[] b);

        int int8Dot(byte[] a, byte[] b);
    }

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(dim);
        a = new float[dim];
        b = new float[dim];
        qa = new byte[dim];
        qb = new byte[dim];
        for (int i = 0; i < dim; i++) {
            a[i] = (float) random.nextDouble(-1, 1);
            b[i] = (float) random.nextDouble(-1, 1);
            qa[i] = (byte) random.nextInt(-128, 128);
            qb[i] = (byte) random.nextInt(-128, 128);
        }
        kernels = switch (impl) {
            case "akasha" -> new AkashaKernels();
            case "scalar" -> new ScalarKernels();
            case "lucene" -> new LuceneKernels();
            default -> throw new IllegalArgumentException("unknown impl " + impl);
        };
        System.out.println("\n[kernels] " + impl + ": "
                + (impl.equals("akasha") ? VectorUtil.implementationOf(Kernel.DOT_PRODUCT).name() : impl));
    }

    @Benchmark
    public float dotProduct() {
        return kernels.dot(a, b);
    }

    @Benchmark
    public float squareDistance() {
        return kernels.squareDistance(a, b);
    }

    @Benchmark
    public float cosine() {
        return kernels.cosine(a, b);
    }

    @Benchmark
    public int int8DotProduct() {
        return kernels.int8Dot(qa, qb);
    }

    static final class AkashaKernels implements Kernels {
        @Override
        public float dot(float[] a, float[] b) {
            return VectorUtil.dotProduct(a, b);
        }

        @Override
        public float squareDistance(float[] a, float[] b) {
            return VectorUtil.squareDistance(a, b);
        }

        @Override
        public float cosine(float[] a, float[] b) {
            return VectorUtil.cosine(a, b);
        }

        @Override
        public int int8Dot(byte[] a, byte[] b) {
            return VectorUtil.int8DotProduct(a, b);
        }
    }

    static final class ScalarKernels implements Kernels {
        private final VectorUtilSupport scalar = new ScalarVectorUtilSupport();

        @Override
        public float dot(float[] a, float[] b) {
            return scalar.dotProduct(a, b);
        }

        @Override
        public float squareDistance(float[] a, float[] b) {
            return scalar.squareDistance(a, b);
        }

        @Override
        public float cosine(float[] a, float[] b) {
            return scalar.cosine(a, b);
        }

        @Override
        public int int8Dot(byte[] a, byte[] b) {
            return scalar.int8DotProduct(a, b);
        }
    }

    static final class LuceneKernels implements Kernels {
        @Override
        public float dot(float[] a, float[] b) {
            return org.apache.lucene.util.VectorUtil.dotProduct(a, b);
        }

        @Override
        public float squareDistance(float[] a, float[] b) {
            return org.apache.lucene.util.VectorUtil.squareDistance(a, b);
        }

        @Override
        public float cosine(float[] a, float[] b) {
            return org.apache.lucene.util.VectorUtil.cosine(a, b);
        }

        @Override
        public int int8Dot(byte[] a, byte[] b) {
            return org.apache.lucene.util.VectorUtil.dotProduct(a, b);
        }
    }
}
