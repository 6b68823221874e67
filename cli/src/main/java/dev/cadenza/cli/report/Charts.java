package dev.cadenza.cli.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

import dev.cadenza.evaluation.Feature;
import dev.cadenza.evaluation.Kde;
import dev.cadenza.evaluation.PieceFeatures;
import dev.cadenza.evaluation.PieceReport;
import dev.cadenza.evaluation.SetComparison;
import dev.cadenza.runtime.io.AtomicFiles;

/** The report's charts, drawn with XChart and written as PNG files. */
final class Charts {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 400;
    private static final int CURVE_POINTS = 200;

    private Charts() {
    }

    /** Mean histogram of each set side by side, one bar group per class. */
    static void histogram(Path png, String title, String xTitle, List<String> classes, List<EvaluationResult.JudgedSet> sets,
                          Function<PieceFeatures, double[]> histogram) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle("share of notes").build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        chart.getStyler().setYAxisDecimalPattern("0.###");
        chart.addSeries("corpus", classes, mean(sets.get(0).evaluation().reference(), histogram));
        for (EvaluationResult.JudgedSet set : sets) chart.addSeries(set.label(), classes, mean(set.evaluation().generated(), histogram));
        save(chart, png);
    }

    /**
     * Kernel density curves of one feature's distances: between corpus pieces, and from each set's pieces to the
     * corpus (plus between the generated pieces when there is only one set).
     */
    static void distances(Path png, Feature feature, List<EvaluationResult.JudgedSet> sets) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(feature.label() + ": distances between pieces").xAxisTitle("distance").yAxisTitle("density").build();
        chart.getStyler().setXAxisDecimalPattern("0.###");
        chart.getStyler().setYAxisDecimalPattern("0.###");
        List<PieceFeatures> corpus = features(sets.get(0).evaluation().reference());
        List<double[]> sampleList = new ArrayList<>();
        List<String> nameList = new ArrayList<>();
        sampleList.add(SetComparison.intra(feature, corpus));
        nameList.add("intra corpus");
        for (EvaluationResult.JudgedSet set : sets) {
            List<PieceFeatures> generated = features(set.evaluation().generated());
            if (sets.size() == 1) {
                sampleList.add(SetComparison.intra(feature, generated));
                nameList.add("intra generated");
            }
            sampleList.add(SetComparison.inter(feature, generated, corpus));
            nameList.add(sets.size() == 1 ? "inter" : "inter " + set.label());
        }
        double[][] samples = sampleList.toArray(new double[0][]);
        String[] names = nameList.toArray(new String[0]);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] s : samples) {
            if (s.length == 0) continue;
            double pad = 3 * Kde.bandwidth(s);
            lo = Math.min(lo, Arrays.stream(s).min().orElseThrow() - pad);
            hi = Math.max(hi, Arrays.stream(s).max().orElseThrow() + pad);
        }
        for (int k = 0; k < samples.length; k++) {
            double[] s = samples[k];
            if (s.length == 0) continue;
            double h = Kde.bandwidth(s);
            double[] x = new double[CURVE_POINTS];
            double[] y = new double[CURVE_POINTS];
            for (int i = 0; i < CURVE_POINTS; i++) {
                x[i] = Math.max(0, lo) + i * (hi - Math.max(0, lo)) / (CURVE_POINTS - 1);
                y[i] = Kde.density(s, h, x[i]);
            }
            chart.addSeries(names[k], x, y).setMarker(SeriesMarkers.NONE);
        }
        save(chart, png);
    }

    private static List<PieceFeatures> features(List<PieceReport> reports) {
        return reports.stream().map(PieceReport::features).toList();
    }

    private static List<Double> mean(List<PieceReport> pieces, Function<PieceFeatures, double[]> histogram) {
        double[] sum = null;
        for (PieceReport p : pieces) {
            double[] h = histogram.apply(p.features());
            if (sum == null) sum = new double[h.length];
            for (int i = 0; i < h.length; i++) sum[i] += h[i];
        }
        List<Double> out = new ArrayList<>();
        if (sum == null) return out;
        for (double v : sum) out.add(v / pieces.size());
        return out;
    }

    private static void save(Chart<?, ?> chart, Path png) throws IOException {
        byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        AtomicFiles.write(png, bytes);
    }
}
