package dev.herald.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a self-contained HTML page of a report: the table, the latency percentile curves and the
 * throughput over time, drawn as inline SVG. The page loads nothing from anywhere.
 */
final class HtmlReport {
  private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};
  private static final int WIDTH = 760;
  private static final int HEIGHT = 360;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 30;
  private static final int BOTTOM = 50;

  /** Percentile curves go to 99.999%: five nines on the log axis. */
  private static final double MAX_NINES = 5;

  private HtmlReport() {}

  /** A named line of (x, y) points. */
  private record Series(String name, List<double[]> points) {}

  static void write(Report report, Path file) throws IOException {
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Herald bench: ")
        .append(escape(report.results().get(0).scenario))
        .append("</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:1000px}")
        .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;")
        .append("text-align:right}th:first-child,td:first-child{text-align:left}")
        .append("code{background:#f4f4f4;padding:2px}</style></head><body>\n");
    html.append("<h1>Herald bench: ")
        .append(escape(report.results().get(0).scenario))
        .append("</h1>\n");
    html.append("<p><code>").append(escape(report.command())).append("</code></p>\n<p>");
    for (Map.Entry<String, String> entry : report.machine().entrySet()) {
      html.append(escape(entry.getKey()))
          .append(": ")
          .append(escape(entry.getValue()))
          .append("<br>");
    }
    html.append("pinning: ").append(escape(report.pinning())).append("</p>\n");
    table(html, report);

    List<Series> curves = new ArrayList<>();
    List<Series> throughput = new ArrayList<>();
    List<Series> p99 = new ArrayList<>();
    for (Result result : report.results()) {
      List<double[]> curve = new ArrayList<>();
      for (double[] point : Report.percentiles(result.latency)) {
        curve.add(new double[] {nines(point[0]), point[1]});
      }
      curves.add(new Series(result.target, curve));
      if (result.broadcastLatency != null) {
        List<double[]> broadcast = new ArrayList<>();
        for (double[] point : Report.percentiles(result.broadcastLatency)) {
          broadcast.add(new double[] {nines(point[0]), point[1]});
        }
        curves.add(new Series(result.target + " broadcast", broadcast));
      }
      List<double[]> received = new ArrayList<>();
      List<double[]> tail = new ArrayList<>();
      for (TimelinePoint point : result.timeline) {
        received.add(new double[] {point.second(), point.receivedPerSecond()});
        tail.add(new double[] {point.second(), point.p99Millis()});
      }
      throughput.add(new Series(result.target, received));
      p99.add(new Series(result.target, tail));
    }
    html.append("<h2>Latency by percentile (measured window)</h2>\n");
    chart(html, curves, "percentile", "latency (ms)", true);
    html.append("<h2>Messages received per second</h2>\n");
    chart(html, throughput, "seconds since start", "messages/s", false);
    html.append("<h2>p99 latency per second</h2>\n");
    chart(html, p99, "seconds since start", "p99 (ms)", false);
    html.append(
            "<p>Latency is measured from the time each message was meant to be sent (open loop) ")
        .append(
            "or was sent (closed loop) to the time its echo or broadcast arrived, from the stamp ")
        .append(
            "the message carries. The percentile axis is logarithmic in nines: 90%, 99%, 99.9%...</p>\n");
    html.append("</body></html>\n");
    Files.writeString(file, html, StandardCharsets.UTF_8);
  }

  private static void table(StringBuilder html, Report report) {
    Result reference = report.baseline();
    html.append("<table><tr><th>").append(escape(report.results().get(0).scenario)).append("</th>");
    for (Result result : report.results()) {
      html.append("<th>").append(escape(result.target)).append("</th>");
    }
    for (Result result : report.results()) {
      if (reference != null && result != reference) {
        html.append("<th>")
            .append(escape(result.target))
            .append(" / ")
            .append(escape(report.baselineLabel()))
            .append("</th>");
      }
    }
    html.append("</tr>\n");
    for (String name : report.figureNames()) {
      html.append("<tr><td>").append(escape(name)).append("</td>");
      for (Result result : report.results()) {
        html.append("<td>").append(Report.format(result.figure(name))).append("</td>");
      }
      for (Result result : report.results()) {
        if (reference != null && result != reference) {
          double ratio = report.ratio(result, name);
          html.append("<td>")
              .append(Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.2fx", ratio))
              .append("</td>");
        }
      }
      html.append("</tr>\n");
    }
    html.append("</table>\n");
    for (Result result : report.results()) {
      for (String note : result.notes) {
        html.append("<p>")
            .append(escape(result.target))
            .append(": ")
            .append(escape(note))
            .append("</p>\n");
      }
    }
  }

  /** Returns how many nines {@code percentile} has: 90 gives 1, 99 gives 2, capped at five. */
  private static double nines(double percentile) {
    double rest = 1 - percentile / 100;
    return rest <= 0 ? MAX_NINES : Math.min(MAX_NINES, Math.log10(1 / rest));
  }

  private static void chart(
      StringBuilder html, List<Series> series, String xLabel, String yLabel, boolean ninesAxis) {
    double maxX = ninesAxis ? MAX_NINES : 1;
    double maxY = 0;
    for (Series s : series) {
      for (double[] p : s.points()) {
        maxX = Math.max(maxX, p[0]);
        maxY = Math.max(maxY, p[1]);
      }
    }
    maxY = maxY <= 0 ? 1 : maxY * 1.05;
    int plotWidth = WIDTH - LEFT - RIGHT;
    int plotHeight = HEIGHT - TOP - BOTTOM;
    html.append("<svg width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(HEIGHT)
        .append("\" font-size=\"11\">\n");
    html.append(rect(LEFT, TOP, plotWidth, plotHeight));
    for (int i = 0; i <= 5; i++) {
      double y = maxY * i / 5;
      int py = TOP + plotHeight - (int) Math.round(plotHeight * i / 5.0);
      html.append(line(LEFT, py, LEFT + plotWidth, py, "#eee"));
      html.append(text(LEFT - 5, py + 4, "end", Report.format(y)));
    }
    int ticks = ninesAxis ? (int) MAX_NINES : 6;
    for (int i = 0; i <= ticks; i++) {
      double x = maxX * i / ticks;
      int px = LEFT + (int) Math.round(plotWidth * (double) i / ticks);
      html.append(line(px, TOP, px, TOP + plotHeight, "#eee"));
      String label = ninesAxis ? ninesLabel(i) : Report.format(Math.round(x));
      html.append(text(px, TOP + plotHeight + 15, "middle", label));
    }
    html.append(text(LEFT + plotWidth / 2, HEIGHT - 10, "middle", xLabel));
    html.append(text(12, TOP - 10, "start", yLabel));
    for (int k = 0; k < series.size(); k++) {
      String color = COLORS[k % COLORS.length];
      StringBuilder points = new StringBuilder();
      for (double[] p : series.get(k).points()) {
        double px = LEFT + plotWidth * p[0] / maxX;
        double py = TOP + plotHeight - plotHeight * p[1] / maxY;
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
      }
      html.append("<polyline fill=\"none\" stroke=\"")
          .append(color)
          .append("\" stroke-width=\"2\" points=\"")
          .append(points)
          .append("\"/>\n");
      html.append("<rect x=\"")
          .append(LEFT + 10)
          .append("\" y=\"")
          .append(TOP + 8 + k * 16)
          .append("\" width=\"12\" height=\"4\" fill=\"")
          .append(color)
          .append("\"/>");
      html.append(text(LEFT + 28, TOP + 14 + k * 16, "start", series.get(k).name()));
    }
    html.append("</svg>\n");
  }

  private static String ninesLabel(int nines) {
    return switch (nines) {
      case 0 -> "0%";
      case 1 -> "90%";
      case 2 -> "99%";
      case 3 -> "99.9%";
      case 4 -> "99.99%";
      default -> "99.999%";
    };
  }

  private static String rect(int x, int y, int w, int h) {
    return "<rect x=\""
        + x
        + "\" y=\""
        + y
        + "\" width=\""
        + w
        + "\" height=\""
        + h
        + "\" fill=\"none\" stroke=\"#999\"/>\n";
  }

  private static String line(int x1, int y1, int x2, int y2, String color) {
    return "<line x1=\""
        + x1
        + "\" y1=\""
        + y1
        + "\" x2=\""
        + x2
        + "\" y2=\""
        + y2
        + "\" stroke=\""
        + color
        + "\"/>\n";
  }

  private static String text(int x, int y, String anchor, String content) {
    return "<text x=\""
        + x
        + "\" y=\""
        + y
        + "\" text-anchor=\""
        + anchor
        + "\">"
        + escape(content)
        + "</text>\n";
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
