package dev.herald.examples;

import dev.herald.BrokerState;
import dev.herald.CloseCause;
import dev.herald.DropReason;
import dev.herald.RejectReason;
import dev.herald.Stats;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a {@link Stats} snapshot in the Prometheus text exposition format (version 0.0.4). Every
 * drop reason, close cause and rejection reason is written, zero included, so that each series
 * exists from the start and {@code rate()} sees its first increment.
 */
final class PrometheusFormat {
  private PrometheusFormat() {}

  /**
   * Returns the exposition of {@code stats}.
   *
   * @param draining whether the node is shutting down
   * @param clusterConnections the cluster-wide connection count, or a negative number on a lone
   *     node
   */
  static String render(Stats stats, boolean draining, long clusterConnections) {
    StringBuilder out = new StringBuilder(4096);
    gauge(
        out,
        "herald_connections_active",
        "Connections open on this node.",
        stats.activeConnections());
    if (clusterConnections >= 0) {
      gauge(
          out,
          "herald_cluster_connections",
          "Connections open on all live nodes.",
          clusterConnections);
    }
    gauge(out, "herald_draining", "1 while the node is shutting down, else 0.", draining ? 1 : 0);
    if (stats.broker() != BrokerState.NONE) {
      gauge(
          out,
          "herald_broker_connected",
          "1 while the broker reaches the other nodes, else 0.",
          stats.broker() == BrokerState.CONNECTED ? 1 : 0);
      counter(
          out,
          "herald_broker_received_total",
          "Messages and controls received from other nodes.",
          stats.brokerReceived());
    }
    counter(out, "herald_messages_received_total", "Messages received.", stats.messagesIn());
    counter(out, "herald_received_bytes_total", "Payload bytes received.", stats.bytesIn());
    counter(
        out,
        "herald_messages_sent_total",
        "Messages queued for sending, one per target.",
        stats.messagesOut());
    counter(
        out,
        "herald_sent_bytes_total",
        "Bytes queued for sending, frame headers included.",
        stats.bytesOut());

    header(out, "herald_messages_dropped_total", "Messages not delivered, by reason.", "counter");
    for (DropReason reason : DropReason.values()) {
      sample(out, "herald_messages_dropped_total", "reason", label(reason), stats.drops(reason));
    }
    header(out, "herald_connections_closed_total", "Connections ended, by cause.", "counter");
    for (CloseCause cause : CloseCause.values()) {
      sample(out, "herald_connections_closed_total", "cause", label(cause), stats.closes(cause));
    }
    header(out, "herald_handshakes_rejected_total", "Handshakes refused, by reason.", "counter");
    for (RejectReason reason : RejectReason.values()) {
      sample(
          out,
          "herald_handshakes_rejected_total",
          "reason",
          label(reason),
          stats.rejections(reason));
    }
    header(out, "herald_topic_members", "Members on this node per topic.", "gauge");
    for (Map.Entry<String, Integer> topic : new TreeMap<>(stats.topics()).entrySet()) {
      sample(out, "herald_topic_members", "topic", topic.getKey(), topic.getValue());
    }

    counter(
        out,
        "herald_handler_errors_total",
        "Exceptions thrown by the application's listener.",
        stats.handlerErrors());
    counter(
        out,
        "herald_broker_gap_messages_total",
        "Messages from other nodes detected as lost.",
        stats.gaps());
    counter(
        out,
        "herald_broker_reconnects_total",
        "Times the broker lost and restored its connection.",
        stats.brokerReconnects());
    counter(
        out,
        "herald_broker_publish_failures_total",
        "Messages this node could not publish to the other nodes.",
        stats.brokerPublishFailures());
    counter(
        out,
        "herald_accept_failures_total",
        "Connections the server failed to accept, as at the limit of open files.",
        stats.acceptFailures());
    return out.toString();
  }

  private static void gauge(StringBuilder out, String name, String help, long value) {
    header(out, name, help, "gauge");
    out.append(name).append(' ').append(value).append('\n');
  }

  private static void counter(StringBuilder out, String name, String help, long value) {
    header(out, name, help, "counter");
    out.append(name).append(' ').append(value).append('\n');
  }

  private static void header(StringBuilder out, String name, String help, String type) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void sample(
      StringBuilder out, String name, String label, String value, long sample) {
    out.append(name).append('{').append(label).append("=\"");
    escape(out, value);
    out.append("\"} ").append(sample).append('\n');
  }

  // Label values escape exactly these three characters in the text format.
  private static void escape(StringBuilder out, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
  }

  private static String label(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
