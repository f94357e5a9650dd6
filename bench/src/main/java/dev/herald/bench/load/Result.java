package dev.herald.bench.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * Holds what one run against one target measured: named figures in print order, the latency
 * histograms of the measured window, the per-second timeline, and notes.
 *
 * <p>Not thread-safe: built by the run, then only read.
 */
final class Result {
  final String scenario;
  final String target;
  final Map<String, Double> figures = new LinkedHashMap<>();
  final Map<String, String> params = new LinkedHashMap<>();
  final List<String> notes = new ArrayList<>();
  final List<TimelinePoint> timeline;

  /** Echo latency, or delivery latency for fan-out; nanoseconds. */
  final Histogram latency;

  /** Broadcast delivery latency in chat, where {@link #latency} holds the echoes; or null. */
  final @Nullable Histogram broadcastLatency;

  Result(
      String scenario,
      String target,
      Histogram latency,
      @Nullable Histogram broadcastLatency,
      List<TimelinePoint> timeline) {
    this.scenario = scenario;
    this.target = target;
    this.latency = latency;
    this.broadcastLatency = broadcastLatency;
    this.timeline = List.copyOf(timeline);
  }

  void put(String name, double value) {
    figures.put(name, value);
  }

  double figure(String name) {
    Double value = figures.get(name);
    return value == null ? Double.NaN : value;
  }

  /**
   * Adds the percentiles of {@code histogram} (nanoseconds) as milliseconds, named with {@code
   * prefix}.
   */
  void putLatency(String prefix, Histogram histogram) {
    if (histogram.getTotalCount() == 0) {
      return;
    }
    put(prefix + "p50 ms", millis(histogram.getValueAtPercentile(50)));
    put(prefix + "p99 ms", millis(histogram.getValueAtPercentile(99)));
    put(prefix + "p99.9 ms", millis(histogram.getValueAtPercentile(99.9)));
    put(prefix + "max ms", millis(histogram.getMaxValue()));
  }

  static double millis(long nanos) {
    return nanos / 1e6;
  }
}
