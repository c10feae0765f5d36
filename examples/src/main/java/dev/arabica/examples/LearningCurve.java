package dev.arabica.examples;

import dev.arabica.nn.train.History;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Learning curves drawn with XChart: a value per epoch (or iteration), one line per series, e.g.
 * the training loss and the dev loss of a {@link History}.
 */
final class LearningCurve {
    static final int WIDTH = 800;
    static final int HEIGHT = 500;

    private LearningCurve() {}

    /**
     * The series {@code key} ("train") and {@code dev_key} ("dev", or {@code devLabel}) of
     * {@code history}, the dev one only if it was logged.
     */
    static Map<String, List<Double>> series(History history, String key, String devLabel) {
        Map<String, List<Double>> series = new LinkedHashMap<>();
        series.put("train", history.get(key));
        if (history.keys().contains("dev_" + key)) series.put(devLabel, history.get("dev_" + key));
        return series;
    }

    /**
     * A chart of {@code series}, each a list of values at x = 1, 2, ... (times {@code xStep}: 100
     * if a value was recorded every 100 iterations).
     */
    static XYChart chart(String title, String xLabel, String yLabel, Map<String, List<Double>> series, double xStep,
                         int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setLegendVisible(series.size() > 1);
        // XChart puts the ticks of equally spaced x values on every k-th value (1, 590, 1179, ...);
        // in a narrow chart their labels would overlap unless turned.
        if (width < 600) chart.getStyler().setXAxisLabelRotation(60);
        for (Map.Entry<String, List<Double>> e : series.entrySet()) {
            List<Double> values = e.getValue();
            if (values.isEmpty()) continue;
            double[] x = new double[values.size()], y = new double[values.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = (i + 1) * xStep;
                y[i] = values.get(i);
            }
            chart.addSeries(e.getKey(), x, y).setMarker(values.size() > 60 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        }
        return chart;
    }

    /** {@code value} in plain decimal notation ({@code 0.0007}, not {@code 7.0E-4}), for titles. */
    static String plain(double value) {
        return new java.math.BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }

    /** The chart as an image (for grids of several charts). */
    static BufferedImage image(XYChart chart) {
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** One curve at arbitrary x values: {@code y[i]} at {@code x[i]} (steps at which a loss was evaluated, say). */
    record Series(String name, double[] x, double[] y) {
        Series {
            if (x.length != y.length) throw new IllegalArgumentException("LearningCurve: " + x.length + " x values for " + y.length + " y values");
        }

        static Series of(String name, List<? extends Number> x, List<? extends Number> y) {
            double[] xs = new double[x.size()], ys = new double[y.size()];
            for (int i = 0; i < xs.length; i++) xs[i] = x.get(i).doubleValue();
            for (int i = 0; i < ys.length; i++) ys[i] = y.get(i).doubleValue();
            return new Series(name, xs, ys);
        }
    }

    /** Writes a PNG with one line per non-empty series and a legend, written atomically. */
    static void write(Path file, String title, String xLabel, String yLabel, List<Series> series) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        for (Series s : series) {
            if (s.x().length == 0) continue;
            chart.addSeries(s.name(), s.x(), s.y()).setMarker(s.x().length > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        }
        Pictures.writePng(file, image(chart));
    }

    /** Writes the loss curves of {@code history} (train, and dev if logged) to {@code file} as PNG. */
    static void write(Path file, String title, String xLabel, History history, String devLabel) throws IOException {
        XYChart chart = chart(title, xLabel, "loss", series(history, "loss", devLabel), 1, WIDTH, HEIGHT);
        Pictures.writePng(file, image(chart));
    }
}
