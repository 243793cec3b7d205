package io.akasha.bench.ann;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import io.akasha.bench.Stats;

/** Medians over independent rounds of the same measurement: a curve point by point, or one number. */
final class RoundMedians {

    private RoundMedians() {
    }

    /**
     * The point-wise median curve: point i of the result has the median of every field of point i
     * over the rounds, except the spread, which is the lowest minimum and the highest maximum.
     */
    static List<CurvePoint> curve(List<List<CurvePoint>> rounds) {
        int points = rounds.getFirst().size();
        for (List<CurvePoint> round : rounds) {
            if (round.size() != points) {
                throw new IllegalArgumentException("rounds measured different sweeps: " + points + " vs "
                        + round.size() + " points");
            }
        }
        List<CurvePoint> median = new ArrayList<>(points);
        for (int i = 0; i < points; i++) {
            int index = i;
            List<CurvePoint> at = rounds.stream().map(round -> round.get(index)).toList();
            median.add(new CurvePoint(at.getFirst().point(), field(at, CurvePoint::recall), field(at, CurvePoint::qps),
                    at.stream().mapToDouble(CurvePoint::qpsMin).min().orElseThrow(),
                    at.stream().mapToDouble(CurvePoint::qpsMax).max().orElseThrow(),
                    field(at, CurvePoint::qpsThreads), field(at, CurvePoint::p50Micros),
                    field(at, CurvePoint::p95Micros), field(at, CurvePoint::p99Micros),
                    field(at, CurvePoint::p999Micros)));
        }
        return median;
    }

    /** The median over rounds of the QPS each round reaches at {@code level} (NaN if no round reaches it). */
    static double qpsAt(List<List<CurvePoint>> rounds, double level) {
        return Stats.median(rounds.stream().mapToDouble(curve -> RecallQps.at(curve, level)).toArray());
    }

    /**
     * The median over rounds of this system's QPS at {@code level} divided by the anchor's in the
     * same round: a ratio is only ever taken within one round.
     */
    static double ratioAt(List<List<CurvePoint>> rounds, List<List<CurvePoint>> anchor, double level) {
        int n = Math.min(rounds.size(), anchor.size());
        double[] ratios = new double[n];
        for (int r = 0; r < n; r++) {
            ratios[r] = RecallQps.at(rounds.get(r), level) / RecallQps.at(anchor.get(r), level);
        }
        return Stats.median(ratios);
    }

    private static double field(List<CurvePoint> points, ToDoubleFunction<CurvePoint> field) {
        return Stats.median(points.stream().mapToDouble(field).toArray());
    }
}
