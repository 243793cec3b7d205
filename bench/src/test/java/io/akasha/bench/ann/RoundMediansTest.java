package io.akasha.bench.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class RoundMediansTest {

    private static CurvePoint point(String name, double recall, double qps) {
        return new CurvePoint(name, recall, qps, qps - 1, qps + 1, 2 * qps, 10, 20, 30, 40);
    }

    @Test
    void curveIsThePointWiseMedianWithTheWidestSpread() {
        List<List<CurvePoint>> rounds = List.of(
                List.of(point("10", 0.90, 1000), point("20", 0.96, 500)),
                List.of(point("10", 0.91, 1200), point("20", 0.97, 450)),
                List.of(point("10", 0.89, 900), point("20", 0.96, 520)));
        List<CurvePoint> median = RoundMedians.curve(rounds);
        assertEquals(0.90, median.get(0).recall(), 1e-12);
        assertEquals(1000, median.get(0).qps());
        assertEquals(899, median.get(0).qpsMin(), "lowest minimum of any round");
        assertEquals(1201, median.get(0).qpsMax(), "highest maximum of any round");
        assertEquals(500, median.get(1).qps());
        assertEquals("20", median.get(1).point());
    }

    @Test
    void ratiosAreTakenWithinEachRoundThenTheMedian() {
        // Round 1: 2000 vs 1000 -> 2.0; round 2: 1000 vs 800 -> 1.25; round 3: 3000 vs 1000 -> 3.0. Median 2.0,
        // while the ratio of the QPS medians would be 2000 / 1000 = 2.0 only by coincidence of these numbers.
        List<List<CurvePoint>> system = List.of(List.of(point("a", 0.95, 2000)), List.of(point("a", 0.95, 1000)),
                List.of(point("a", 0.95, 3000)));
        List<List<CurvePoint>> anchor = List.of(List.of(point("a", 0.95, 1000)), List.of(point("a", 0.95, 800)),
                List.of(point("a", 0.95, 1000)));
        assertEquals(2.0, RoundMedians.ratioAt(system, anchor, 0.95), 1e-12);
        assertEquals(2000, RoundMedians.qpsAt(system, 0.95), 1e-12);
        assertEquals(Double.NaN, RoundMedians.qpsAt(system, 0.99), "no round reaches 0.99");
    }

    @Test
    void roundsWithDifferentSweepsAreRefused() {
        assertEquals("rounds measured different sweeps: 1 vs 2 points", assertThrows(IllegalArgumentException.class,
                () -> RoundMedians.curve(List.of(List.of(point("a", 1, 1)),
                        List.of(point("a", 1, 1), point("b", 1, 1))))).getMessage());
    }
}
