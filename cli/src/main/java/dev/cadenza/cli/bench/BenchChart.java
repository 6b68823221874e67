package dev.cadenza.cli.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import dev.cadenza.runtime.io.AtomicFiles;

/** Tokens per second against batch size, one line per backend, both axes logarithmic. */
final class BenchChart {
    private BenchChart() {
    }

    static void write(List<BackendRun> runs, Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(560).title("Cadenza inference: tokens/s by batch size")
                .xAxisTitle("batch size").yAxisTitle("tokens per second").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        boolean any = false;
        for (BackendRun run : runs) {
            if (!run.available() || run.results().isEmpty()) continue;
            double[] x = run.results().stream().mapToDouble(StepTiming.Result::batch).toArray();
            double[] y = run.results().stream().mapToDouble(StepTiming.Result::tokensPerSecond).toArray();
            chart.addSeries(run.name(), x, y).setMarker(SeriesMarkers.CIRCLE);
            any = true;
        }
        if (!any) throw new IOException(png + ": no backend produced figures to chart");
        AtomicFiles.write(png, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }
}
