package dev.herald.redis;

import dev.herald.spi.Broker;
import dev.herald.spi.Envelope;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries envelopes between nodes over Redis Pub/Sub: one PUBLISH per envelope, on {@code
 * <prefix>:all}, {@code <prefix>:topic:<topic>} or {@code <prefix>:node:<nodeId>}, in the format of
 * {@link WireFormat}. A node subscribes to a topic's channel only while it has members in it.
 *
 * <p>Threads: {@link #publish} runs on the caller's thread and only hands the message to Lettuce;
 * messages from other nodes are decoded and handed to the receiver on the subscriber connection's
 * I/O thread (the receiver does not block); subscriptions and connection state change on the
 * bridge's scheduler thread, one at a time, so that racing {@link #interestChanged} calls settle on
 * the latest membership.
 *
 * <p>This class is thread-safe.
 */
final class RedisBroker implements Broker {
  private static final Logger log = LoggerFactory.getLogger(RedisBroker.class);
  private static final long SUBSCRIBE_RETRY_MILLIS = 1000;
  private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final RedisConnector connector;
  private final ScheduledExecutorService scheduler;
  private final String allChannel;
  private final String topicPrefix;
  private final String nodePrefix;
  // Tells this instance's messages from those of an earlier run of a node with the same id.
  private final long epoch = ThreadLocalRandom.current().nextLong();
  private final GapDetector gaps = new GapDetector();
  private final Sequence allSequence = new Sequence();
  private final Map<String, Sequence> sequences = new ConcurrentHashMap<>();
  private final int maxInFlight;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicBoolean publishFailing = new AtomicBoolean();
  private final LongAdder failedPublishes = new LongAdder();
  private final AtomicLong lastFailureWarning =
      new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);
  private final Exception overloaded;
  private final AtomicBoolean malformedLogged = new AtomicBoolean();
  private final BiConsumer<Object, @Nullable Throwable> publishOutcome = this::published;
  private final Listener listener = new Listener();
  private volatile @Nullable Node node;
  private volatile @Nullable RedisClusterAsyncCommands<String, byte[]> publisher;
  private volatile @Nullable StatefulConnection<String, byte[]> publisherConnection;
  private volatile @Nullable StatefulRedisPubSubConnection<String, byte[]> subscriber;
  private volatile boolean closed;

  // Confined to the scheduler thread.
  private final Set<String> topics = new HashSet<>();
  private final Set<String> unsettled = new HashSet<>();
  private LinkState state = LinkState.CONNECTING;
  private long downSince;

  RedisBroker(
      RedisConnector connector,
      ScheduledExecutorService scheduler,
      String prefix,
      int maxInFlight) {
    this.connector = connector;
    this.maxInFlight = maxInFlight;
    this.overloaded =
        new IllegalStateException(maxInFlight + " publishes are waiting for Redis already");
    this.scheduler = scheduler;
    this.allChannel = prefix + ":all";
    this.topicPrefix = prefix + ":topic:";
    this.nodePrefix = prefix + ":node:";
  }

  @Override
  public void start(String nodeId, Receiver receiver) {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(receiver, "receiver");
    synchronized (this) {
      Node existing = node;
      if (existing != null) {
        throw new IllegalStateException("broker started already, as node " + existing.id);
      }
      node =
          new Node(nodeId, nodeId.getBytes(StandardCharsets.UTF_8), nodePrefix + nodeId, receiver);
    }
    connector.openCommands("publisher connection", RedisConnector.FRAMES, this::publisherOpened);
    connector.openPubSub("subscriber connection", this::subscriberOpened);
  }

  @Override
  public void publish(Envelope envelope) {
    Node self = node;
    if (self == null || closed) {
      return;
    }
    String channel;
    Sequence sequence;
    switch (envelope.kind()) {
      case ALL -> {
        channel = allChannel;
        sequence = allSequence;
      }
      case TOPIC -> {
        channel = topicPrefix + envelope.target();
        sequence = sequences.computeIfAbsent(channel, c -> new Sequence());
      }
      default -> {
        channel = nodePrefix + envelope.node();
        sequence = sequences.computeIfAbsent(channel, c -> new Sequence());
      }
    }
    byte[] message;
    try {
      message = WireFormat.encode(envelope, self.origin, epoch);
    } catch (IllegalArgumentException e) {
      log.warn(
          "Cannot send a {} envelope for '{}' to other nodes: {}",
          envelope.kind(),
          channel,
          e.getMessage());
      return;
    }
    RedisClusterAsyncCommands<String, byte[]> commands = publisher;
    // Numbering and handing over under one lock keeps the numbers in the order Redis sees them;
    // Lettuce only queues the command here, it never waits on the network.
    synchronized (sequence) {
      long number = ++sequence.last;
      if (commands == null) {
        // Not connected yet: the number is spent, so the other nodes see the loss as a gap.
        return;
      }
      if (inFlight.incrementAndGet() > maxInFlight) {
        // Redis falls behind: shed here, before Lettuce's own limit, which logs every rejection.
        inFlight.decrementAndGet();
        published(null, overloaded);
        return;
      }
      WireFormat.setSequence(message, number);
      try {
        commands.publish(channel, message).whenComplete(publishOutcome);
      } catch (RuntimeException e) {
        // A broker never throws at the sender: the loss is a gap like any other.
        published(null, e);
      }
    }
  }

  @Override
  public void interestChanged(String topic) {
    Objects.requireNonNull(topic, "topic");
    if (node != null && !closed) {
      runOnScheduler(() -> settle(topic, false));
    }
  }

  @Override
  public void close() {
    closed = true;
    StatefulConnection<String, byte[]> connection = publisherConnection;
    if (connection != null) {
      connection.close();
    }
    StatefulRedisPubSubConnection<String, byte[]> pubSub = subscriber;
    if (pubSub != null) {
      pubSub.close();
    }
  }

  private void publisherOpened(RedisConnector.Link<String, byte[]> link) {
    if (closed) {
      link.connection().closeAsync();
      return;
    }
    publisherConnection = link.connection();
    publisher = link.commands();
  }

  private void subscriberOpened(StatefulRedisPubSubConnection<String, byte[]> connection) {
    if (closed) {
      connection.closeAsync();
      return;
    }
    connection.addListener((RedisPubSubListener<String, byte[]>) listener);
    connection.addListener((RedisConnectionStateListener) listener);
    subscriber = connection;
    unsettled.clear();
    subscribeAll(connection);
  }

  /** Subscribes to every channel this node wants, retrying until Redis confirms. */
  private void subscribeAll(StatefulRedisPubSubConnection<String, byte[]> connection) {
    Node self = Objects.requireNonNull(node);
    List<String> channels = new ArrayList<>(List.of(allChannel, self.channel));
    for (String topic : topics) {
      channels.add(topicPrefix + topic);
    }
    connection
        .async()
        .subscribe(channels.toArray(String[]::new))
        .whenComplete(
            (ignored, error) -> {
              if (error != null && !closed) {
                // Lettuce re-subscribes only what Redis confirmed: try again ourselves.
                log.debug("Subscribing to {} failed, retrying: {}", channels, error.toString());
                scheduler.schedule(
                    () -> subscribeAll(connection), SUBSCRIBE_RETRY_MILLIS, TimeUnit.MILLISECONDS);
              }
            });
  }

  /**
   * Subscribes to or unsubscribes from a topic's channel as this node's membership now requires.
   * With {@code force} it sends the command even if this broker thinks it is in that state already.
   */
  private void settle(String topic, boolean force) {
    Node self = Objects.requireNonNull(node);
    boolean want = !closed && self.receiver.hasLocalMembers(topic);
    boolean had = topics.contains(topic);
    if (want == had && !force) {
      return;
    }
    String channel = topicPrefix + topic;
    if (want && !had) {
      topics.add(topic);
      // The numbers seen during an earlier subscription say nothing about what was missed since.
      gaps.forget(channel);
    } else if (!want && had) {
      topics.remove(topic);
    }
    StatefulRedisPubSubConnection<String, byte[]> connection = subscriber;
    if (connection == null) {
      // subscribeAll() takes the topic along once the connection is open.
      return;
    }
    unsettled.remove(topic);
    (want ? connection.async().subscribe(channel) : connection.async().unsubscribe(channel))
        .whenCompleteAsync(
            (ignored, error) -> {
              if (error != null) {
                // Settled again once the subscriber connection is back.
                unsettled.add(topic);
              } else if (!want) {
                gaps.forget(channel);
              }
            },
            scheduler);
  }

  private void subscriberDown() {
    if (state == LinkState.UP && !closed) {
      state = LinkState.DOWN;
      downSince = System.nanoTime();
      log.warn(
          "Lost the Redis subscriber connection to {}: messages from other nodes are lost until"
              + " Lettuce reconnects",
          connector.address());
    }
  }

  private void subscriberUp() {
    Node self = Objects.requireNonNull(node);
    if (state == LinkState.DOWN) {
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - downSince);
      log.info(
          "Redis subscriber connection to {} restored after {} ms; losses meanwhile are reported"
              + " as gaps",
          connector.address(),
          millis);
      self.receiver.reconnected();
      for (String topic : List.copyOf(unsettled)) {
        settle(topic, true);
      }
    } else if (state == LinkState.CONNECTING) {
      log.info("Subscribed to Redis at {} as node {}", connector.address(), self.id);
    }
    state = LinkState.UP;
  }

  /**
   * Counts a publish that ended. Failures are logged once when they start and then at most every
   * ten seconds with their count, however often publishing flaps between failing and working.
   */
  private void published(@Nullable Object reply, @Nullable Throwable error) {
    if (error != overloaded) {
      inFlight.decrementAndGet();
    }
    if (error == null) {
      if (publishFailing.compareAndSet(true, false)) {
        log.debug("Publishing to Redis at {} works again", connector.address());
      }
      return;
    }
    failedPublishes.increment();
    publishFailing.set(true);
    Node node = this.node;
    if (node != null) {
      node.receiver.publishFailed();
    }
    long now = System.nanoTime();
    long last = lastFailureWarning.get();
    if (now - last >= WARN_INTERVAL_NANOS && lastFailureWarning.compareAndSet(last, now)) {
      log.warn(
          "Publishing to Redis at {} failed {} times since the last report ({}): messages to other"
              + " nodes are lost, and reported there as gaps",
          connector.address(),
          failedPublishes.sumThenReset(),
          error.toString());
    }
  }

  private void runOnScheduler(Runnable task) {
    try {
      scheduler.execute(task);
    } catch (RejectedExecutionException e) {
      // The bridge is closing: there is nothing left to settle.
    }
  }

  /** Hands a message from another node to the receiver. Runs on the subscriber's I/O thread. */
  private void received(String channel, byte[] bytes) {
    Node self = node;
    if (self == null || closed) {
      return;
    }
    WireFormat.Message message;
    try {
      message = WireFormat.decode(bytes);
    } catch (IllegalArgumentException e) {
      if (malformedLogged.compareAndSet(false, true)) {
        log.warn(
            "Ignoring a malformed message on {} (is another application using the prefix?): {}",
            channel,
            e.getMessage());
      }
      return;
    }
    if (message.origin().equals(self.id)) {
      return;
    }
    long missed = gaps.track(channel, message.origin(), message.epoch(), message.sequence());
    if (missed == GapDetector.DUPLICATE) {
      return;
    }
    try {
      if (missed > 0) {
        self.receiver.gap(message.origin(), missed);
      }
      self.receiver.deliver(message.envelope(self.id));
    } catch (RuntimeException e) {
      log.warn("The receiver failed on a message from {} on {}", message.origin(), channel, e);
    }
  }

  /** Tells where the subscriber connection stands, as this broker last saw it. */
  private enum LinkState {
    CONNECTING,
    UP,
    DOWN
  }

  /** Holds the last sequence number given out on one channel; guarded by its own monitor. */
  private static final class Sequence {
    long last;
  }

  /** Holds what {@link #start} fixed. Instances are immutable. */
  private record Node(String id, byte[] origin, String channel, Receiver receiver) {}

  /** Hears the subscriber connection's messages and state, on its I/O thread. */
  private final class Listener extends RedisPubSubAdapter<String, byte[]>
      implements RedisConnectionStateListener {

    @Override
    public void message(String channel, byte[] message) {
      received(channel, message);
    }

    @Override
    public void subscribed(String channel, long count) {
      if (channel.equals(allChannel)) {
        runOnScheduler(RedisBroker.this::subscriberUp);
      }
    }

    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
      if (connection == subscriber) {
        runOnScheduler(RedisBroker.this::subscriberDown);
      }
    }
  }
}
