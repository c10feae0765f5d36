package dev.arabica.examples;

import dev.arabica.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** A PNG of learning curves (train and dev loss, say) drawn with XChart and written atomically. */
final class CurvePlot {
    private CurvePlot() {}

    /** One curve: {@code y[i]} at {@code x[i]}. */
    record Series(String name, double[] x, double[] y) {
        Series {
            if (x.length != y.length) throw new IllegalArgumentException("CurvePlot: " + x.length + " x values for " + y.length + " y values");
        }

        static Series of(String name, List<? extends Number> x, List<? extends Number> y) {
            double[] xs = new double[x.size()], ys = new double[y.size()];
            for (int i = 0; i < xs.length; i++) xs[i] = x.get(i).doubleValue();
            for (int i = 0; i < ys.length; i++) ys[i] = y.get(i).doubleValue();
            return new Series(name, xs, ys);
        }
    }

    /** Writes an 800x500 PNG with one line per non-empty series and a legend. */
    static void write(Path file, String title, String xTitle, String yTitle, List<Series> series) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        for (Series s : series) {
            if (s.x().length == 0) continue;
            chart.addSeries(s.name(), s.x(), s.y()).setMarker(s.x().length > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }
}
