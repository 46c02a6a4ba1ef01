package dev.smtptestkit.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** The bar chart: per scenario, each contender's median slowdown against the raw sink (log scale). */
final class Chart {

    private Chart() {
    }

    static void write(Path png, Results results, List<Contender> contenders, String title) throws IOException {
        List<Results.Metric> charted = new ArrayList<>();
        for (Results.Metric m : results.metrics()) {
            if (m.chartLabel() != null) {
                charted.add(m);
            }
        }
        if (charted.isEmpty()) {
            return; // a run of scenarios that have no bar in the chart (steps, tls): the old chart stays
        }
        CategoryChart chart = new CategoryChartBuilder().width(1400).height(700).title(title)
                .xAxisTitle("scenario (no bar: the contender refused or failed, see RESULTS.md)").yAxisTitle("times slower than the raw sink (median ratio, log scale; 1 = ceiling)")
                .build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisLabelRotation(20);
        chart.getStyler().setYAxisDecimalPattern("#0.##");
        List<String> labels = new ArrayList<>();
        for (Results.Metric m : charted) {
            labels.add(m.chartLabel());
        }
        for (Contender c : contenders) {
            if (c == Contender.RAW_SINK) {
                continue;
            }
            List<Double> ys = new ArrayList<>();
            for (Results.Metric m : charted) {
                double s = m.slowdown(c);
                // a contender that refused or failed gets no bar (a tiny value keeps the log axis valid)
                ys.add(Double.isNaN(s) || Double.isInfinite(s) ? 0.0001 : Math.max(s, 0.01));
            }
            chart.addSeries(c.label(), labels, ys);
        }
        chart.getStyler().setYAxisMin(0.1);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
