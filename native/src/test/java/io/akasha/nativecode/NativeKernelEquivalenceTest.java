package io.akasha.nativecode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.akasha.core.vector.KernelEquivalenceContract;
import io.akasha.core.vector.VectorUtilSupport;

/**
 * The C kernels against the {@link KernelEquivalenceContract}: the variant this CPU gets by
 * default, and (second surefire execution) AVX-512 forced, where the CPU has it. Skipped, saying
 * why, only where the build could not compile the library (no gcc) or the CPU lacks the variant's
 * extensions; anywhere else a library that fails to load fails the test.
 */
class NativeKernelEquivalenceTest extends KernelEquivalenceContract {

    @Override
    protected VectorUtilSupport underTest() {
        assumeTrue(NativeLibrary.class.getResource(NativeLibrary.platform() + "/libakasha-baseline.so") != null,
                "the build compiled no native library on " + NativeLibrary.platform() + " (see native/build-native.sh)");
        if ("avx512".equals(System.getProperty(NativeLibrary.VARIANT_PROPERTY))) {
            assumeTrue(CpuFeatures.ofThisMachine().has("avx512f", "avx512bw", "avx512vl"),
                    "this CPU has no AVX-512: the avx512 variant cannot be tested here");
        }
        AkashaNativeKernels provider = new AkashaNativeKernels();
        assertEquals(null, provider.unavailableReason(), "the native kernels must load where they were built");
        return provider.kernels();
    }
}
