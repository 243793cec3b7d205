package io.akasha.bench.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class RecallQpsTest {

    private static CurvePoint point(double recall, double qps) {
        return new CurvePoint("p", recall, qps, qps, qps, qps, 0, 0, 0, 0);
    }

    @Test
    void interpolatesLinearlyBetweenTheTwoPointsThatBracketTheLevel() {
        List<CurvePoint> curve = List.of(point(0.80, 10_000), point(0.90, 8_000), point(0.96, 5_000), point(0.99, 2_000));
        assertEquals(8_000, RecallQps.at(curve, 0.90), 1e-9, "a measured point");
        // 0.95 lies 5/6 of the way from (0.90, 8000) to (0.96, 5000): 8000 - 2500
        assertEquals(5_500, RecallQps.at(curve, 0.95), 1e-9);
        assertEquals(2_000, RecallQps.at(curve, 0.99), 1e-9);
    }

    @Test
    void aLevelAboveEveryPointIsNotReachedAndOneBelowTakesTheFastestPoint() {
        List<CurvePoint> curve = List.of(point(0.91, 9_000), point(0.97, 4_000));
        assertTrue(Double.isNaN(RecallQps.at(curve, 0.99)), "never extrapolated upwards");
        assertEquals(9_000, RecallQps.at(curve, 0.50), 1e-9);
    }

    @Test
    void aFasterPointWithHigherRecallWinsOverAnInterpolatedOne() {
        // Noisy curves are not monotonic: what a system achieves at 0.95 is its best QPS at >= 0.95.
        List<CurvePoint> curve = List.of(point(0.94, 5_000), point(0.96, 3_000), point(0.97, 4_500));
        assertEquals(4_500, RecallQps.at(curve, 0.95), 1e-9);
    }
}
