package io.akasha.core.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The Panama kernels against the {@link KernelEquivalenceContract}; surefire runs this class again
 * at 128 and 256 bits ({@code akasha.vector.bits}) whatever the CPU prefers.
 */
class PanamaKernelEquivalenceTest extends KernelEquivalenceContract {

    @Override
    protected VectorUtilSupport underTest() {
        assertEquals(null, PanamaVectorUtilSupport.unsupportedReason(),
                "the test JVM runs with --add-modules jdk.incubator.vector, so SIMD must be usable");
        return new PanamaVectorUtilSupport();
    }

    @Test
    void facadeUsesSimdInTheTestJvmAndRejectsMismatchedDimensions() {
        for (Kernel kernel : Kernel.values()) {
            assertTrue(VectorUtil.implementationOf(kernel).name().startsWith("panama"),
                    kernel + " should use SIMD by default, got " + VectorUtil.implementationOf(kernel).name());
        }
        var error = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> VectorUtil.dotProduct(new float[3], new float[4]));
        assertEquals("vector dimensions differ: 3 != 4", error.getMessage());
        assertEquals(0f, VectorUtil.cosine(new float[4], new float[] {1, 2, 3, 4}), "cosine with a zero vector");
    }
}
