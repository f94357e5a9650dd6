package dev.herald.micrometer;

import dev.herald.BrokerState;
import dev.herald.CloseCause;
import dev.herald.ConnectionManager;
import dev.herald.DropReason;
import dev.herald.RejectReason;
import dev.herald.Stats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import java.util.Objects;
import java.util.function.ToDoubleBiFunction;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * Binds a manager's {@link ConnectionManager#stats()} to a Micrometer registry: connections,
 * messages and bytes both ways, drops by reason, closes by cause, refused handshakes by reason, the
 * broker's state, gaps and failures, and the history's holdings and recoveries.
 *
 * <p>Every tag takes a value from a fixed set (the reason and cause enums), so the number of meters
 * does not grow with connections, clients or topics; topics are counted, not tagged. Meters read a
 * snapshot at most half a second old, taken once for all of them. They hold the manager weakly, as
 * Micrometer's meters do: they read NaN once the manager is gone.
 *
 * <pre>{@code
 * HeraldMetrics.of(manager).bindTo(registry);
 * }</pre>
 *
 * <p>Instances are immutable.
 */
public final class HeraldMetrics implements MeterBinder {
  private final ConnectionManager<?> manager;
  private final Tags tags;
  private final StatsCache cache = new StatsCache();

  private HeraldMetrics(ConnectionManager<?> manager, Tags tags) {
    this.manager = manager;
    this.tags = tags;
  }

  /** Returns the meters of {@code manager}, without tags of their own. */
  public static HeraldMetrics of(ConnectionManager<?> manager) {
    return of(manager, Tags.empty());
  }

  /**
   * Returns the meters of {@code manager}, each with {@code tags} as well (say, the endpoint's name
   * when an application runs several managers).
   */
  public static HeraldMetrics of(ConnectionManager<?> manager, Iterable<Tag> tags) {
    return new HeraldMetrics(
        Objects.requireNonNull(manager, "manager"), Tags.of(Objects.requireNonNull(tags, "tags")));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    gauge(
        registry,
        "herald.connections.active",
        "Open connections on this node.",
        null,
        Stats::activeConnections);
    Gauge.builder("herald.draining", manager, live -> live.isDraining() ? 1 : 0)
        .description("1 while the node drains, refusing new connections, else 0.")
        .tags(tags)
        .register(registry);
    gauge(
        registry,
        "herald.topics",
        "Topics with members on this node.",
        null,
        stats -> stats.topics().size());
    counter(registry, "herald.messages.received", "Messages received.", null, Stats::messagesIn);
    counter(
        registry,
        "herald.messages.sent",
        "Messages handed to connections.",
        null,
        Stats::messagesOut);
    counter(
        registry, "herald.received", "Payload bytes received.", BaseUnits.BYTES, Stats::bytesIn);
    counter(
        registry,
        "herald.sent",
        "Payload bytes handed to connections.",
        BaseUnits.BYTES,
        Stats::bytesOut);
    perValue(
        registry,
        "herald.messages.dropped",
        "Messages not delivered, by reason.",
        "reason",
        DropReason.class,
        Stats::drops);
    perValue(
        registry,
        "herald.connections.closed",
        "Connections ended, by cause.",
        "cause",
        CloseCause.class,
        Stats::closes);
    perValue(
        registry,
        "herald.handshakes.rejected",
        "Handshakes refused, by reason.",
        "reason",
        RejectReason.class,
        Stats::rejections);
    counter(
        registry,
        "herald.handler.errors",
        "Exceptions the application's listener threw.",
        null,
        Stats::handlerErrors);
    counter(
        registry,
        "herald.accept.failures",
        "Sockets the server failed to accept.",
        null,
        Stats::acceptFailures);
    if (manager.stats().broker() != BrokerState.NONE) {
      Gauge.builder("herald.cluster.connections", manager, ConnectionManager::clusterConnections)
          .description("Open connections on all live nodes, as the registry last knew it.")
          .tags(tags)
          .register(registry);
      gauge(
          registry,
          "herald.broker.connected",
          "1 while the broker reaches the cluster, else 0.",
          null,
          stats -> stats.broker() == BrokerState.CONNECTED ? 1 : 0);
      counter(
          registry,
          "herald.broker.received",
          "Messages received from other nodes.",
          null,
          Stats::brokerReceived);
      counter(
          registry,
          "herald.broker.reconnects",
          "Times the broker reached the cluster again.",
          null,
          Stats::brokerReconnects);
      counter(
          registry,
          "herald.broker.gaps",
          "Messages from other nodes detected as lost.",
          null,
          Stats::gaps);
      counter(
          registry,
          "herald.broker.publish.failures",
          "Messages this node failed to hand to the broker.",
          null,
          Stats::brokerPublishFailures);
    }
    gauge(
        registry,
        "herald.history.topics",
        "Topics whose history this node holds.",
        null,
        Stats::historyTopics);
    gauge(
        registry,
        "herald.history.entries",
        "Publications this node's history holds.",
        null,
        Stats::historyEntries);
    gauge(
        registry,
        "herald.history.size",
        "Bytes this node's history holds.",
        BaseUnits.BYTES,
        Stats::historyBytes);
    counter(
        registry,
        "herald.history.recoveries",
        "Resumes that got every missed publication.",
        null,
        Stats::recoveries);
    counter(
        registry,
        "herald.history.recovery.misses",
        "Resumes the history no longer covered.",
        null,
        Stats::recoveryMisses);
    counter(
        registry,
        "herald.history.replayed",
        "Publications sent to catch a client up.",
        null,
        Stats::replayed);
  }

  private void gauge(
      MeterRegistry registry,
      String name,
      String description,
      @Nullable String baseUnit,
      ToDoubleFunction<Stats> value) {
    Gauge.builder(name, manager, read(value))
        .description(description)
        .baseUnit(baseUnit)
        .tags(tags)
        .register(registry);
  }

  private void counter(
      MeterRegistry registry,
      String name,
      String description,
      @Nullable String baseUnit,
      ToDoubleFunction<Stats> value) {
    FunctionCounter.builder(name, manager, read(value))
        .description(description)
        .baseUnit(baseUnit)
        .tags(tags)
        .register(registry);
  }

  /** Registers one counter per value of {@code type}, tagged {@code tag}: a fixed set of series. */
  private <E extends Enum<E>> void perValue(
      MeterRegistry registry,
      String name,
      String description,
      String tag,
      Class<E> type,
      ToDoubleBiFunction<Stats, E> value) {
    for (E each : type.getEnumConstants()) {
      FunctionCounter.builder(name, manager, read(stats -> value.applyAsDouble(stats, each)))
          .description(description)
          .tags(tags)
          .tag(tag, name(each))
          .register(registry);
    }
  }

  // Takes the manager as the meter hands it over, so that no meter holds it strongly.
  private ToDoubleFunction<ConnectionManager<?>> read(ToDoubleFunction<Stats> value) {
    StatsCache snapshots = cache;
    return live -> value.applyAsDouble(snapshots.of(live));
  }

  private static String name(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
