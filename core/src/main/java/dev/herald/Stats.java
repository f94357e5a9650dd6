package dev.herald;

import dev.herald.spi.History;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Holds a snapshot of a manager's figures, taken by {@link ConnectionManager#stats()}. Counters
 * count from the manager's start.
 *
 * <p>Instances are immutable.
 */
public final class Stats {
  private final int activeConnections;
  private final Map<String, Integer> topics;
  private final long messagesIn;
  private final long bytesIn;
  private final long messagesOut;
  private final long bytesOut;
  private final Map<DropReason, Long> drops;
  private final Map<CloseCause, Long> closes;
  private final Map<RejectReason, Long> rejections;
  private final long handlerErrors;
  private final long gaps;
  private final long brokerReconnects;
  private final long brokerReceived;
  private final long brokerPublishFailures;
  private final long acceptFailures;
  private final BrokerState broker;
  private final long historyTopics;
  private final long historyEntries;
  private final long historyBytes;
  private final long recoveries;
  private final long recoveryMisses;
  private final long replayed;

  Stats(
      int activeConnections,
      Map<String, Integer> topics,
      Counters counters,
      BrokerState broker,
      @Nullable Recovery<?> recovery) {
    this.activeConnections = activeConnections;
    this.topics = Map.copyOf(topics);
    this.messagesIn = counters.messagesIn.sum();
    this.bytesIn = counters.bytesIn.sum();
    this.messagesOut = counters.messagesOut.sum();
    this.bytesOut = counters.bytesOut.sum();
    this.drops = Map.copyOf(counters.drops());
    this.closes = Map.copyOf(counters.closes());
    this.rejections = Map.copyOf(counters.rejections());
    this.handlerErrors = counters.handlerErrors.sum();
    this.gaps = counters.gaps.sum();
    this.brokerReconnects = counters.brokerReconnects.sum();
    this.brokerReceived = counters.brokerReceived.sum();
    this.brokerPublishFailures = counters.brokerPublishFailures.sum();
    this.acceptFailures = counters.acceptFailures.sum();
    this.broker = broker;
    History.Usage usage =
        recovery == null ? new History.Usage(0, 0, 0) : recovery.history().usage();
    this.historyTopics = usage.topics();
    this.historyEntries = usage.entries();
    this.historyBytes = usage.bytes();
    this.recoveries = recovery == null ? 0 : recovery.recoveries.sum();
    this.recoveryMisses = recovery == null ? 0 : recovery.misses.sum();
    this.replayed = recovery == null ? 0 : recovery.replayed.sum();
  }

  /** Returns the topics the history holds entries or positions of (on this node, for memory). */
  public long historyTopics() {
    return historyTopics;
  }

  /** Returns the publications the history holds, as it reports them. */
  public long historyEntries() {
    return historyEntries;
  }

  /** Returns the payload bytes the history holds, as it reports them. */
  public long historyBytes() {
    return historyBytes;
  }

  /** Returns the subscriptions that asked for a position the history covered. */
  public long recoveries() {
    return recoveries;
  }

  /**
   * Returns the subscriptions told {@code recovered: false}: their position was no longer covered,
   * or the topic's epoch changed under them.
   */
  public long recoveryMisses() {
    return recoveryMisses;
  }

  /** Returns the publications sent from the history to catching-up subscriptions. */
  public long replayed() {
    return replayed;
  }

  /** Returns the connections open on this node (those whose {@code onOpen} has returned). */
  public int activeConnections() {
    return activeConnections;
  }

  /** Returns the members on this node per topic, for each topic with at least one. */
  public Map<String, Integer> topics() {
    return topics;
  }

  /** Returns the messages received. */
  public long messagesIn() {
    return messagesIn;
  }

  /** Returns the payload bytes received. */
  public long bytesIn() {
    return bytesIn;
  }

  /** Returns the messages queued for sending, one per target connection. */
  public long messagesOut() {
    return messagesOut;
  }

  /** Returns the bytes queued for sending, frame headers included. */
  public long bytesOut() {
    return bytesOut;
  }

  /** Returns the messages not delivered, by reason; every reason is present. */
  public Map<DropReason, Long> drops() {
    return drops;
  }

  /**
   * Returns the connections ended, by cause; every cause is present. Refused handshakes count as
   * {@link CloseCause#REJECTED}.
   */
  public Map<CloseCause, Long> closes() {
    return closes;
  }

  /** Returns the handshakes refused, by reason; every reason is present. */
  public Map<RejectReason, Long> rejections() {
    return rejections;
  }

  /** Returns the number of messages dropped for {@code reason}. */
  public long drops(DropReason reason) {
    return drops.getOrDefault(reason, 0L);
  }

  /** Returns the number of connections that ended for {@code cause}. */
  public long closes(CloseCause cause) {
    return closes.getOrDefault(cause, 0L);
  }

  /** Returns the number of handshakes refused for {@code reason}. */
  public long rejections(RejectReason reason) {
    return rejections.getOrDefault(reason, 0L);
  }

  /** Returns the exceptions thrown by the application's listener. */
  public long handlerErrors() {
    return handlerErrors;
  }

  /** Returns the messages from other nodes the broker detected as lost. */
  public long gaps() {
    return gaps;
  }

  /** Returns whether this node reaches the other nodes; {@link BrokerState#NONE} if alone. */
  public BrokerState broker() {
    return broker;
  }

  /**
   * Returns the envelopes and controls this node received from other nodes: what crossing nodes
   * costs it. A node receives only what addresses it (its topics, its clients, its connections, and
   * broadcasts).
   */
  public long brokerReceived() {
    return brokerReceived;
  }

  /** Returns the times the broker lost and restored its connection. */
  public long brokerReconnects() {
    return brokerReconnects;
  }

  /** Returns the messages this node could not publish to the other nodes. */
  public long brokerPublishFailures() {
    return brokerPublishFailures;
  }

  /**
   * Returns how often the server failed to accept a connection, for example at the process's limit
   * of open files; the server keeps listening and backs off meanwhile.
   */
  public long acceptFailures() {
    return acceptFailures;
  }

  @Override
  public String toString() {
    return "Stats[active "
        + activeConnections
        + ", in "
        + messagesIn
        + ", out "
        + messagesOut
        + ", drops "
        + drops
        + ", closes "
        + closes
        + ", rejections "
        + rejections
        + ", broker "
        + broker
        + "]";
  }
}
