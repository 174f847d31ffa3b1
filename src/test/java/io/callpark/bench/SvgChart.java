package io.callpark.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small line chart rendered as standalone SVG text, for the plots BENCHMARKS.md shows (docs/bench/): a
 * title, labelled axes with round ticks (x linear or log10), one polyline with point marks per series, a
 * legend, and optional horizontal target lines. No dependencies; the output is deterministic for the same
 * data, so a rerun that measured the same changes nothing in git.
 */
final class SvgChart {
  private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};
  private static final int W = 640;
  private static final int PLOT_H = 270;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int BOTTOM = 50;

  record Series(String name, double[] x, double[] y) {
    Series {
      if (x.length != y.length) {
        throw new IllegalArgumentException(name + ": " + x.length + " x values, " + y.length + " y values");
      }
    }
  }

  private record Line(String name, double y) {}

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final boolean logX;
  private boolean nines;
  private final List<Series> series = new ArrayList<>();
  private final List<Line> lines = new ArrayList<>();

  SvgChart(String title, String xLabel, String yLabel, boolean logX) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    this.logX = logX;
  }

  /**
   * A percentile x axis (x in 0..100) spread by its nines: p0, p90, p99, p99.9 equally apart, so the tail a
   * latency target is about is not squeezed into the right edge.
   */
  SvgChart nines() {
    this.nines = true;
    return this;
  }

  SvgChart series(String name, double[] x, double[] y) {
    series.add(new Series(name, x, y));
    return this;
  }

  /** A dashed horizontal line at {@code y} (a target), labelled {@code name}. */
  SvgChart line(String name, double y) {
    lines.add(new Line(name, y));
    return this;
  }

  String render() {
    // The legend sits between the title and the plot, one row per series, so it never hides a curve.
    int top = 40 + 16 * series.size();
    int height = top + PLOT_H + BOTTOM;
    double xMin = Double.POSITIVE_INFINITY;
    double xMax = Double.NEGATIVE_INFINITY;
    double yMax = 0;
    for (Series s : series) {
      for (int i = 0; i < s.x.length; i++) {
        xMin = Math.min(xMin, fx(s.x[i]));
        xMax = Math.max(xMax, fx(s.x[i]));
        yMax = Math.max(yMax, s.y[i]);
      }
    }
    for (Line l : lines) {
      yMax = Math.max(yMax, l.y);
    }
    if (!(xMax > xMin)) {
      xMax = xMin + 1;
    }
    if (logX || nines) {
      xMin = Math.floor(xMin);
      xMax = Math.ceil(xMax);
    } else {
      xMin = Math.min(0, xMin); // times and counts start at zero
    }
    double yStep = niceStep(yMax / 5);
    double yTop = Math.max(yStep, Math.ceil(yMax / yStep) * yStep);
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", W, height, W, height));
    sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    sb.append(text(W / 2.0, 22, "middle", 14, esc(title)));
    double pw = W - LEFT - RIGHT;
    double ph = height - top - BOTTOM;
    // y grid and ticks
    for (double v = 0; v <= yTop + yStep / 2; v += yStep) {
      double py = top + ph - v / yTop * ph;
      sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
          LEFT, py, W - RIGHT, py));
      sb.append(text(LEFT - 6, py + 4, "end", 11, label(v)));
    }
    // x ticks
    List<double[]> xTicks = new ArrayList<>();
    List<String> tickLabels = new ArrayList<>();
    if (nines) {
      xMin = 0;
      for (double e = 0; e <= xMax + 1e-9; e++) {
        xTicks.add(new double[] {e, e});
        tickLabels.add(e == 0 ? "p0" : "p" + label(100 - 100 / Math.pow(10, e)));
      }
    } else if (logX) {
      for (double e = xMin; e <= xMax + 1e-9; e++) {
        xTicks.add(new double[] {e, Math.pow(10, e)});
      }
    } else {
      double step = niceStep((xMax - xMin) / 6);
      for (double v = Math.ceil(xMin / step) * step; v <= xMax + step / 1e6; v += step) {
        xTicks.add(new double[] {v, v});
      }
    }
    for (int i = 0; i < xTicks.size(); i++) {
      double[] t = xTicks.get(i);
      double px = LEFT + (t[0] - xMin) / (xMax - xMin) * pw;
      sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999\"/>%n",
          px, top + (int) ph, px, top + ph + 5));
      sb.append(text(px, top + ph + 18, "middle", 11, nines ? tickLabels.get(i) : label(t[1])));
    }
    sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\" fill=\"none\" "
        + "stroke=\"#333\"/>%n", LEFT, top, pw, ph));
    sb.append(text(LEFT + pw / 2, height - 10, "middle", 12, esc(xLabel)));
    sb.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"12\" "
        + "transform=\"rotate(-90 16 %.1f)\">%s</text>%n", top + ph / 2, top + ph / 2, esc(yLabel)));
    for (Line l : lines) {
      double py = top + ph - l.y / yTop * ph;
      sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#555\" "
          + "stroke-dasharray=\"6 4\"/>%n", LEFT, py, W - RIGHT, py));
      sb.append(text(W - RIGHT - 4, py - 4, "end", 11, esc(l.name)));
    }
    for (int k = 0; k < series.size(); k++) {
      Series s = series.get(k);
      String colour = COLOURS[k % COLOURS.length];
      StringBuilder pts = new StringBuilder();
      for (int i = 0; i < s.x.length; i++) {
        double px = LEFT + (fx(s.x[i]) - xMin) / (xMax - xMin) * pw;
        double py = top + ph - s.y[i] / yTop * ph;
        pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
        if (s.x.length <= 50) {
          sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", px, py, colour));
        }
      }
      sb.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
          pts.toString().trim(), colour));
      double ly = 44 + 16 * k;
      sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" "
          + "stroke-width=\"2\"/>%n", LEFT + 10, ly - 4, LEFT + 30, ly - 4, colour));
      sb.append(text(LEFT + 36, ly, "start", 11, esc(s.name)));
    }
    return sb.append("</svg>\n").toString();
  }

  private double fx(double x) {
    if (nines) {
      return -Math.log10(Math.max(1e-4, 1 - x / 100)); // p100 drawn at four nines
    }
    return logX ? Math.log10(x) : x;
  }

  /** A tick label: thousands grouped, no trailing zeros (50, 2.5, 10,000). */
  static String label(double v) {
    if (Math.abs(v) >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
  }

  /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
  static double niceStep(double raw) {
    if (!(raw > 0)) {
      return 1;
    }
    double p = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * p >= raw) {
        return m * p;
      }
    }
    return 10 * p;
  }

  private static String text(double x, double y, String anchor, int size, String s) {
    return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n",
        x, y, anchor, size, s);
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  /** The percentile curve of {@code sorted} (ascending) at 0, 1, ..., 99, 99.5, 99.9, 100: x values, then y. */
  static double[][] percentiles(double[] sorted) {
    List<Double> ps = new ArrayList<>();
    for (int p = 0; p < 100; p++) {
      ps.add((double) p);
    }
    ps.add(99.5);
    ps.add(99.9);
    ps.add(100.0);
    double[] x = new double[ps.size()];
    double[] y = new double[ps.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = ps.get(i);
      y[i] = x[i] == 0 ? sorted[0] : Stats.sortedPercentile(sorted, x[i]);
    }
    return new double[][] {x, y};
  }
}
