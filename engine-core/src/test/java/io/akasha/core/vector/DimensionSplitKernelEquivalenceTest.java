package io.akasha.core.vector;

/**
 * A kernel split by dimension against the {@link KernelEquivalenceContract}, which runs every
 * dimension from 1 to 1024: scalar below 100, Panama from 100 on, so both sides of the split and
 * the dimension at it are checked.
 */
class DimensionSplitKernelEquivalenceTest extends KernelEquivalenceContract {

    @Override
    protected VectorUtilSupport underTest() {
        return new DimensionSplitSupport(new ScalarVectorUtilSupport(), new PanamaVectorUtilSupport(), 100);
    }
}
