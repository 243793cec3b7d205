package io.akasha.bench.ann;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** The recall-vs-QPS picture users choose engines by: every system on the same axes, QPS on a log scale. */
final class RecallQpsPlot {

    private RecallQpsPlot() {
    }

    static void write(Path png, String title, int k, List<AnnRunCommand.SystemResult> results) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(1000).height(650).title(title)
                .xAxisTitle("recall@" + k).yAxisTitle("queries per second, 1 thread (log)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
        chart.getStyler().setMarkerSize(6);
        for (AnnRunCommand.SystemResult result : results) {
            if (result.curve().isEmpty()) {
                continue;
            }
            List<CurvePoint> points = result.curve().stream().sorted(Comparator.comparingDouble(CurvePoint::recall))
                    .toList();
            chart.addSeries(result.system(), points.stream().mapToDouble(CurvePoint::recall).toArray(),
                    points.stream().mapToDouble(CurvePoint::qps).toArray());
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
