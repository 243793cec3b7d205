package io.akasha.nativecode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

import io.akasha.core.vector.Kernel;
import io.akasha.core.vector.KernelEquivalenceContract;
import io.akasha.core.vector.VectorUtil;
import io.akasha.core.vector.VectorUtilSupport;

/**
 * What the engine serves by default with this module on the class path: the int8 and PQ kernels
 * native, the gathered float rows native below dimension 128 and Panama from 128 on (that split
 * checked against the {@link KernelEquivalenceContract} at every dimension up to 1024), every
 * other float kernel Panama.
 */
class NativeDefaultsTest extends KernelEquivalenceContract {

    private static String nativeName() {
        assumeTrue(NativeLibrary.class.getResource(NativeLibrary.platform() + "/libakasha-baseline.so") != null,
                "the build compiled no native library on " + NativeLibrary.platform() + " (see native/build-native.sh)");
        AkashaNativeKernels provider = new AkashaNativeKernels();
        assertEquals(null, provider.unavailableReason(), "the native kernels must load where they were built");
        return provider.kernels().name();
    }

    @Override
    protected VectorUtilSupport underTest() {
        String expected = nativeName() + " below dim 128, else panama-";
        VectorUtilSupport rows = VectorUtil.implementationOf(Kernel.DOT_PRODUCT_ROWS);
        assertEquals(expected, rows.name().substring(0, Math.min(rows.name().length(), expected.length())));
        return rows;
    }

    @Test
    void eachKernelIsServedWhereItWasMeasuredFaster() {
        String nativeName = nativeName();
        for (Kernel kernel : Kernel.values()) {
            String served = VectorUtil.implementationOf(kernel).name();
            String expected = switch (kernel) {
                case INT8_DOT_PRODUCT, INT8_DOT_PRODUCT_ROWS, PQ_SCORE_ROWS -> nativeName;
                case DOT_PRODUCT_ROWS, SQUARE_DISTANCE_ROWS -> nativeName + " below dim 128, else panama";
                default -> "panama";
            };
            assertEquals(expected, served.substring(0, Math.min(served.length(), expected.length())),
                    kernel + " is served by " + served);
        }
    }
}
