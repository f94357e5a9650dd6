package dev.herald.bench.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.jspecify.annotations.Nullable;

/**
 * Writes the results of one invocation: the human table with the ratios to the baseline target (raw
 * Java-WebSocket unless {@code --baseline} names another), and the JSON file.
 *
 * <p>Not thread-safe.
 */
final class Report {
  /** Figures whose ratio says nothing: counts and conditions rather than performance. */
  private static final Set<String> NO_RATIO =
      Set.of("connections", "failures", "drops", "missing", "load avg");

  private final String command;
  private final Map<String, String> machine;
  private final String pinning;
  private final List<Result> results;
  private final String baseline;

  Report(
      String command,
      Map<String, String> machine,
      String pinning,
      List<Result> results,
      String baseline) {
    this.command = command;
    this.machine = machine;
    this.pinning = pinning;
    this.results = results;
    this.baseline = baseline;
  }

  /** Returns the label of the target the ratios divide by. */
  String baselineLabel() {
    return baseline;
  }

  List<Result> results() {
    return results;
  }

  String command() {
    return command;
  }

  Map<String, String> machine() {
    return machine;
  }

  String pinning() {
    return pinning;
  }

  /** Returns the figure names of all results, in the order they first appear. */
  List<String> figureNames() {
    Set<String> names = new LinkedHashSet<>();
    for (Result result : results) {
      names.addAll(result.figures.keySet());
    }
    return new ArrayList<>(names);
  }

  /** Returns the result of the baseline target, or null if the run had none. */
  @Nullable Result baseline() {
    for (Result result : results) {
      if (result.target.equals(baseline)) {
        return result;
      }
    }
    return null;
  }

  /** Returns {@code result}'s figure divided by the baseline's, or NaN. */
  double ratio(Result result, String name) {
    Result reference = baseline();
    if (reference == null || result == reference || NO_RATIO.contains(name)) {
      return Double.NaN;
    }
    double base = reference.figure(name);
    return base == 0 || Double.isNaN(base) ? Double.NaN : result.figure(name) / base;
  }

  /**
   * Prints the table: one row per figure, one column per target, then the ratios to the baseline.
   */
  void print(PrintStream out) {
    out.println();
    out.println("command: " + command);
    out.println("pinning: " + pinning);
    StringBuilder header =
        new StringBuilder(String.format(Locale.ROOT, "%-22s", results.get(0).scenario));
    for (Result result : results) {
      header.append(String.format(Locale.ROOT, "%16s", result.target));
    }
    Result reference = baseline();
    if (reference != null) {
      for (Result result : results) {
        if (result != reference) {
          header.append(String.format(Locale.ROOT, "%24s", result.target + "/" + baseline));
        }
      }
    }
    out.println(header);
    for (String name : figureNames()) {
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-22s", name));
      for (Result result : results) {
        row.append(String.format(Locale.ROOT, "%16s", format(result.figure(name))));
      }
      if (reference != null) {
        for (Result result : results) {
          if (result != reference) {
            double ratio = ratio(result, name);
            row.append(
                String.format(
                    Locale.ROOT,
                    "%24s",
                    Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.2fx", ratio)));
          }
        }
      }
      out.println(row);
    }
    for (Result result : results) {
      for (String note : result.notes) {
        out.println("note (" + result.target + "): " + note);
      }
      double clientCpu = result.figure("client CPU %");
      if (clientCpu >= 90) {
        out.println(
            "note ("
                + result.target
                + "): the load generator used "
                + Math.round(clientCpu)
                + "% of its CPU: it may be the bottleneck; run with more --threads or more CPUs");
      }
    }
  }

  static String format(double value) {
    if (Double.isNaN(value)) {
      return "-";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return String.format(Locale.ROOT, "%,d", (long) value);
    }
    if (Math.abs(value) >= 100) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    return String.format(Locale.ROOT, "%.2f", value);
  }

  /** Writes the JSON form to {@code file}. */
  void writeJson(Path file) throws IOException {
    StringBuilder json = new StringBuilder();
    json.append("{\n  \"command\": ").append(quote(command));
    json.append(",\n  \"pinning\": ").append(quote(pinning));
    json.append(",\n  \"baseline\": ").append(quote(baseline));
    json.append(",\n  \"machine\": {");
    appendStrings(json, machine);
    json.append("},\n  \"results\": [");
    for (int i = 0; i < results.size(); i++) {
      Result result = results.get(i);
      json.append(i == 0 ? "\n    {" : ",\n    {");
      json.append("\"scenario\": ").append(quote(result.scenario));
      json.append(", \"target\": ").append(quote(result.target));
      json.append(",\n      \"params\": {");
      appendStrings(json, result.params);
      json.append("},\n      \"figures\": {");
      int n = 0;
      for (Map.Entry<String, Double> figure : result.figures.entrySet()) {
        json.append(n++ == 0 ? "" : ", ").append(quote(figure.getKey())).append(": ");
        json.append(number(figure.getValue()));
      }
      json.append("},\n      \"ratios_to_baseline\": {");
      n = 0;
      for (String name : result.figures.keySet()) {
        double ratio = ratio(result, name);
        if (!Double.isNaN(ratio)) {
          json.append(n++ == 0 ? "" : ", ").append(quote(name)).append(": ").append(number(ratio));
        }
      }
      json.append("},\n      \"notes\": [");
      for (int k = 0; k < result.notes.size(); k++) {
        json.append(k == 0 ? "" : ", ").append(quote(result.notes.get(k)));
      }
      json.append("],\n      \"latency_percentiles_ms\": ");
      appendPercentiles(json, result.latency);
      if (result.broadcastLatency != null) {
        json.append(",\n      \"broadcast_latency_percentiles_ms\": ");
        appendPercentiles(json, result.broadcastLatency);
      }
      json.append(",\n      \"timeline\": [");
      for (int k = 0; k < result.timeline.size(); k++) {
        TimelinePoint p = result.timeline.get(k);
        json.append(k == 0 ? "" : ", ")
            .append("{\"second\": ")
            .append(p.second())
            .append(", \"connections\": ")
            .append(p.connections())
            .append(", \"sent_per_s\": ")
            .append(number(p.sentPerSecond()))
            .append(", \"received_per_s\": ")
            .append(number(p.receivedPerSecond()))
            .append(", \"p99_ms\": ")
            .append(number(p.p99Millis()))
            .append(", \"server_rss_mib\": ")
            .append(number(p.serverRssMib()))
            .append('}');
      }
      json.append("]}");
    }
    json.append("\n  ]\n}\n");
    Files.writeString(file, json, StandardCharsets.UTF_8);
  }

  /** Returns (percentile, milliseconds) pairs of {@code histogram}, for curves. */
  static List<double[]> percentiles(Histogram histogram) {
    List<double[]> points = new ArrayList<>();
    if (histogram.getTotalCount() == 0) {
      return points;
    }
    for (HistogramIterationValue value : histogram.percentiles(5)) {
      points.add(
          new double[] {value.getPercentileLevelIteratedTo(), value.getValueIteratedTo() / 1e6});
      if (value.getPercentileLevelIteratedTo() >= 100) {
        break;
      }
    }
    return points;
  }

  private static void appendPercentiles(StringBuilder json, Histogram histogram) {
    json.append('[');
    List<double[]> points = percentiles(histogram);
    for (int i = 0; i < points.size(); i++) {
      json.append(i == 0 ? "" : ", ")
          .append('[')
          .append(number(points.get(i)[0]))
          .append(", ")
          .append(number(points.get(i)[1]))
          .append(']');
    }
    json.append(']');
  }

  private static void appendStrings(StringBuilder json, Map<String, String> values) {
    int n = 0;
    for (Map.Entry<String, String> entry : values.entrySet()) {
      json.append(n++ == 0 ? "" : ", ").append(quote(entry.getKey())).append(": ");
      json.append(quote(entry.getValue()));
    }
  }

  private static String number(double value) {
    return Double.isNaN(value) || Double.isInfinite(value)
        ? "null"
        : String.format(Locale.ROOT, "%.4f", value).replaceAll("\\.?0+$", "");
  }

  static String quote(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        case '\r' -> quoted.append("\\r");
        case '\t' -> quoted.append("\\t");
        default -> {
          if (c < 0x20) {
            quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }
}
