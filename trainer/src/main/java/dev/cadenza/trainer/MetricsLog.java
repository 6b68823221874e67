package dev.cadenza.trainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import dev.cadenza.runtime.io.AtomicFiles;

/** {@code metrics.csv} (rewritten whole and atomically each epoch) and the {@code loss.png} chart drawn from it. */
public final class MetricsLog {
    private final Path csv;
    private final List<EpochMetrics> rows = new ArrayList<>();

    /** Reads the rows already there (a resumed run), keeping only epochs up to {@code epochsDone}. */
    public MetricsLog(Path csv, int epochsDone) throws IOException {
        this.csv = csv;
        if (Files.isRegularFile(csv)) {
            for (String line : Files.readAllLines(csv)) {
                if (line.isBlank() || line.startsWith("epoch")) continue;
                EpochMetrics m = EpochMetrics.parse(line);
                if (m.epoch() <= epochsDone) rows.add(m);
            }
        }
    }

    public List<EpochMetrics> rows() {
        return List.copyOf(rows);
    }

    public void add(EpochMetrics metrics) throws IOException {
        rows.add(metrics);
        StringBuilder text = new StringBuilder(EpochMetrics.CSV_HEADER).append('\n');
        for (EpochMetrics m : rows) text.append(m.csvRow()).append('\n');
        AtomicFiles.writeString(csv, text.toString());
    }

    /** Train and validation loss per epoch, with the n-gram baseline as a flat reference line. */
    public void writeChart(Path png) throws IOException {
        if (rows.isEmpty()) return;
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(800).height(500).title("Cadenza training loss")
                .xAxisTitle("epoch").yAxisTitle("cross-entropy (nats per token)").build();
        double[] epochs = rows.stream().mapToDouble(EpochMetrics::epoch).toArray();
        chart.addSeries("train", epochs, rows.stream().mapToDouble(EpochMetrics::trainLoss).toArray())
                .setMarker(SeriesMarkers.CIRCLE);
        chart.addSeries("validation", epochs, rows.stream().mapToDouble(EpochMetrics::valLoss).toArray())
                .setMarker(SeriesMarkers.DIAMOND);
        if (rows.stream().allMatch(m -> Double.isFinite(m.valPieceLoss()))) {
            chart.addSeries("validation, whole pieces", epochs, rows.stream().mapToDouble(EpochMetrics::valPieceLoss).toArray())
                    .setMarker(SeriesMarkers.SQUARE);
        }
        double ngram = rows.get(rows.size() - 1).ngramValLoss();
        if (Double.isFinite(ngram)) {
            double[] flat = new double[epochs.length];
            java.util.Arrays.fill(flat, ngram);
            chart.addSeries("n-gram baseline (validation)", epochs, flat).setMarker(SeriesMarkers.NONE);
        }
        byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        AtomicFiles.write(png, bytes);
    }
}
