package io.akasha.bench.ann;

import java.util.Comparator;
import java.util.List;

/**
 * QPS at a recall level, read off a measured curve: interpolated linearly between the two
 * measured points that bracket the level (by recall), the way every system is judged. A level
 * above every measured point is not reached (NaN); a level below every point is credited with
 * the fastest point that reaches it, never extrapolated.
 */
public final class RecallQps {

    private RecallQps() {
    }

    /** The QPS at {@code level}, or NaN when no point reaches it. */
    public static double at(List<CurvePoint> curve, double level) {
        // The best QPS seen among points with recall >= level bounds what the system achieves there.
        List<CurvePoint> byRecall = curve.stream().sorted(Comparator.comparingDouble(CurvePoint::recall)).toList();
        double best = Double.NaN;
        for (int i = 0; i < byRecall.size(); i++) {
            CurvePoint upper = byRecall.get(i);
            if (upper.recall() < level) {
                continue;
            }
            double qps = upper.qps();
            if (i > 0 && byRecall.get(i - 1).recall() < level) {
                CurvePoint lower = byRecall.get(i - 1);
                double t = (level - lower.recall()) / (upper.recall() - lower.recall());
                qps = lower.qps() + t * (upper.qps() - lower.qps());
            }
            best = Double.isNaN(best) ? qps : Math.max(best, qps);
        }
        return best;
    }
}
