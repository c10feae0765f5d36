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

/** A PNG of a cost curve, drawn with XChart and written atomically. */
final class CostPlot {
    private CostPlot() {}

    /** Writes the cost per iteration to {@code file} (PNG), titled {@code title}. */
    static void write(Path file, String title, List<Double> costs) throws IOException {
        double[] x = new double[costs.size()], y = new double[costs.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
            y[i] = costs.get(i);
        }
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title)
                .xAxisTitle("iteration").yAxisTitle("cost").build();
        chart.getStyler().setLegendVisible(false);
        chart.addSeries("cost", x, y).setMarker(SeriesMarkers.NONE);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }
}
