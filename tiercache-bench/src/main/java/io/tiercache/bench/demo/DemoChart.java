package io.tiercache.bench.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The demo's chart, a PNG of two panels over the run, one point a second: the hit ratio of each
 * tier (and the share of reads the cache answered), and the p99 latency of the reads each tier
 * and the database answered, on a log scale. A tier keeps one colour in both panels.
 */
final class DemoChart {

  private static final int WIDTH = 1100;
  private static final int PANEL_HEIGHT = 440;

  private static final Color[] TIER_COLORS = {
    new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0x9467bd),
    new Color(0x8c564b), new Color(0xe377c2)
  };
  private static final Color DATABASE_COLOR = new Color(0xd62728);
  private static final Color CACHE_COLOR = new Color(0x444444);

  private DemoChart() {}

  /**
   * Draws the chart and writes it as a PNG, creating the file's folder if needed.
   *
   * @param file where the PNG goes
   * @param title what the run was, for the top panel's title
   * @param tierNames the tiers' names, L1 first
   * @param timeline the run's samples
   * @throws IOException if the file cannot be written
   */
  static void write(Path file, String title, List<String> tierNames, List<Sample> timeline)
      throws IOException {
    double end = 1;
    for (Sample sample : timeline) {
      // The last sample ends a few milliseconds after the planned end, as the clients finish.
      end = Math.max(end, Math.ceil(sample.seconds() - 0.05));
    }
    XYChart ratios =
        panel("Hit ratio per tier, each second (" + title + ")", "hit ratio (%)", end);
    ratios.getStyler().setYAxisMin(0.0);
    ratios.getStyler().setYAxisMax(100.0);
    ratios.getStyler().setYAxisDecimalPattern("0");
    for (int i = 0; i < tierNames.size(); i++) {
      int tier = i;
      series(ratios, tierNames.get(i), timeline, s -> s.hitRatio()[tier], color(i), false);
    }
    series(ratios, "all tiers: reads answered without the loader", timeline,
        Sample::cacheRatio, CACHE_COLOR, true);

    XYChart latency =
        panel(
            "p99 latency of the reads each tier answered, each second (log scale)",
            "p99 latency (microseconds)",
            end);
    latency.getStyler().setYAxisLogarithmic(true);
    latency.getStyler().setYAxisDecimalPattern("#,##0.#");
    double min = Double.MAX_VALUE;
    double max = 0;
    for (int i = 0; i <= tierNames.size(); i++) {
      int row = i;
      boolean database = i == tierNames.size();
      String name = database ? DemoReport.DATABASE : tierNames.get(i);
      double[] range =
          series(latency, name, timeline, s -> s.p99Micros()[row],
              database ? DATABASE_COLOR : color(i), false);
      min = Math.min(min, range[0]);
      max = Math.max(max, range[1]);
    }
    if (max > 0) {
      // Whole decades, so that the log axis is labelled at 1, 10, 100 ... and never collapses.
      double low = Math.pow(10, Math.floor(Math.log10(min)));
      double high = Math.pow(10, Math.ceil(Math.log10(max)));
      latency.getStyler().setYAxisMin(low);
      latency.getStyler().setYAxisMax(high > low ? high : low * 10);
    }

    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    // Written aside and moved into place, so that a failure never leaves a partial PNG.
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    try {
      try (OutputStream out = Files.newOutputStream(partial)) {
        BitmapEncoder.saveBitmap(List.of(ratios, latency), 2, 1, out, BitmapFormat.PNG);
      }
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  private static XYChart panel(String title, String yTitle, double end) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(PANEL_HEIGHT)
            .title(title)
            .xAxisTitle("seconds since the start")
            .yAxisTitle(yTitle)
            .build();
    XYStyler styler = chart.getStyler();
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setPlotGridLinesColor(new Color(0xdddddd));
    styler.setPlotBorderColor(new Color(0x999999));
    styler.setChartTitleBoxVisible(false);
    styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    styler.setLegendPosition(LegendPosition.OutsideS);
    styler.setLegendLayout(LegendLayout.Horizontal);
    styler.setLegendBorderColor(Color.WHITE);
    styler.setMarkerSize(6);
    styler.setXAxisMin(0.0);
    styler.setXAxisMax(Math.ceil(end));
    styler.setXAxisDecimalPattern("0");
    styler.setAntiAlias(true);
    return chart;
  }

  /**
   * Adds one series of the points where the value was measured; returns its smallest and largest
   * value (MAX_VALUE and 0 when it has none). A series with no point is left out.
   */
  private static double[] series(
      XYChart chart,
      String name,
      List<Sample> timeline,
      ToDoubleFunction<Sample> value,
      Color color,
      boolean dashed) {
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    double min = Double.MAX_VALUE;
    double max = 0;
    for (Sample sample : timeline) {
      double y = value.applyAsDouble(sample);
      if (!Double.isNaN(y) && !(chart.getStyler().isYAxisLogarithmic() && y <= 0)) {
        xs.add(sample.seconds());
        ys.add(y);
        min = Math.min(min, y);
        max = Math.max(max, y);
      }
    }
    if (xs.isEmpty()) {
      return new double[] {min, max};
    }
    XYSeries series = chart.addSeries(name, xs, ys);
    series.setLineColor(color);
    series.setMarkerColor(color);
    series.setMarker(dashed ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
    series.setLineStyle(
        dashed
            ? new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10,
                new float[] {8, 5}, 0)
            : new BasicStroke(2f));
    return new double[] {min, max};
  }

  private static Color color(int tier) {
    return TIER_COLORS[tier % TIER_COLORS.length];
  }
}
