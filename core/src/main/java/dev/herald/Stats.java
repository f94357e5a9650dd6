package dev.herald;

import java.util.Map;

/**
 * Holds a snapshot of a manager's figures, taken by {@link ConnectionManager#stats()}. Counters
 * count from the manager's start.
 *
 * <p>Instances are immutable.
 *
 * @param activeConnections connections open on this node
 * @param topics members on this node per topic with at least one member
 * @param messagesIn messages received
 * @param bytesIn payload bytes received
 * @param messagesOut messages queued for sending, one per target connection
 * @param bytesOut bytes queued for sending, frame headers included
 * @param drops messages not delivered, by reason
 * @param closes connections ended, by cause; refused handshakes count as {@link
 *     CloseCause#REJECTED}
 * @param rejections handshakes refused, by reason
 * @param handlerErrors exceptions thrown by the application's listener
 * @param gaps messages from other nodes detected as lost by the broker
 * @param brokerReconnects times the broker lost and restored its connection
 * @param brokerPublishFailures messages this node could not publish to the other nodes
 */
public record Stats(
    int activeConnections,
    Map<String, Integer> topics,
    long messagesIn,
    long bytesIn,
    long messagesOut,
    long bytesOut,
    Map<DropReason, Long> drops,
    Map<CloseCause, Long> closes,
    Map<RejectReason, Long> rejections,
    long handlerErrors,
    long gaps,
    long brokerReconnects,
    long brokerPublishFailures) {

  /** Copies the maps. */
  public Stats {
    topics = Map.copyOf(topics);
    drops = Map.copyOf(drops);
    closes = Map.copyOf(closes);
    rejections = Map.copyOf(rejections);
  }

  /** Returns the number of messages dropped for {@code reason}. */
  public long drops(DropReason reason) {
    return drops.getOrDefault(reason, 0L);
  }

  /** Returns the number of handshakes refused for {@code reason}. */
  public long rejections(RejectReason reason) {
    return rejections.getOrDefault(reason, 0L);
  }

  /** Returns the number of connections that ended for {@code cause}. */
  public long closes(CloseCause cause) {
    return closes.getOrDefault(cause, 0L);
  }
}
