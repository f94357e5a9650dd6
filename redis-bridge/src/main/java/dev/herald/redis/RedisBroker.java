package dev.herald.redis;

import dev.herald.Gap;
import dev.herald.spi.Broker;
import dev.herald.spi.Control;
import dev.herald.spi.Envelope;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
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
 * Carries envelopes and controls between nodes over Redis Pub/Sub, in the format of {@link
 * WireFormat}: one PUBLISH per envelope, on {@code <prefix>:all}, {@code <prefix>:topic:<topic>},
 * {@code <prefix>:client:<clientId>} or {@code <prefix>:node:<nodeId>}. A node subscribes to a
 * topic's channel while it has members in it and to a client's while it holds connections of the
 * client, so that Redis itself routes a send to a client to the nodes that hold it, and only those.
 *
 * <p>Each origin numbers what it sends on each channel (a stream), without a lock: senders take
 * numbers from an atomic counter, so numbers may reach Redis slightly out of order, and the
 * receiving {@link GapDetector} waits a little for a late one before it counts it missed. Every
 * {@link #MARK_INTERVAL_MILLIS} the origin publishes the last number of each stream that sent since
 * (a mark), so that loss at the end of a burst shows within about a second; a node whose subscriber
 * connection came back asks every node to mark again. A stream silent for {@link
 * #STREAM_IDLE_TICKS} marks is dropped, and the next send on that channel starts a new one.
 *
 * <p>Threads: {@link #publish} and {@link #control} run on the caller's thread and only hand the
 * message to Lettuce; what other nodes send is decoded, checked for gaps and delivered on this
 * broker's inbox thread, so that a fan-out to many connections never holds up Lettuce's event loop;
 * subscriptions, marks and connection state change on the bridge's scheduler thread, one at a time,
 * so that racing interest changes settle on the latest membership.
 *
 * <p>This class is thread-safe.
 */
final class RedisBroker implements Broker {
  /**
   * How often streams are marked, and for how many intervals a silent stream is kept.
   *
   * @param markIntervalMillis the interval between marks, and between sweeps of the receiving side
   * @param idleTicks the intervals after which a silent stream is dropped at its origin; twice as
   *     many at the receiver, so that it never drops a stream its origin still numbers
   */
  record Timing(long markIntervalMillis, int idleTicks) {
    static final Timing DEFAULT = new Timing(500, 60);
  }

  private static final Logger log = LoggerFactory.getLogger(RedisBroker.class);
  private static final long SUBSCRIBE_RETRY_MILLIS = 1000;
  private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final int INBOX_CAPACITY = 65_536;

  private final RedisConnector connector;
  private final ScheduledExecutorService scheduler;
  private final String allChannel;
  private final String topicPrefix;
  private final String clientPrefix;
  private final String nodePrefix;
  private final Map<String, Stream> streams = new ConcurrentHashMap<>();
  private final int maxInFlight;
  private final Timing timing;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicBoolean publishFailing = new AtomicBoolean();
  private final LongAdder failedSinceWarning = new LongAdder();
  private final LongAdder failedInOutage = new LongAdder();
  private final AtomicLong lastFailureWarning =
      new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);
  private final Exception overloaded;
  private final Exception unconnected = new IllegalStateException("not connected to Redis yet");
  private final AtomicBoolean malformedLogged = new AtomicBoolean();
  private final AtomicBoolean inboxFullLogged = new AtomicBoolean();
  private final BiConsumer<Object, @Nullable Throwable> publishOutcome = this::published;
  private final Listener listener = new Listener();
  private final ThreadPoolExecutor inbox;
  private volatile @Nullable Node node;
  private volatile @Nullable RedisClusterAsyncCommands<String, byte[]> publisher;
  private volatile @Nullable StatefulConnection<String, byte[]> publisherConnection;
  private volatile @Nullable StatefulRedisPubSubConnection<String, byte[]> subscriber;
  private volatile boolean remarkAll;
  private volatile int tick;
  private volatile boolean closed;

  // Confined to the scheduler thread.
  private final Set<String> channels = new HashSet<>();
  private final Set<String> unsettled = new HashSet<>();
  private boolean publisherUp;
  private boolean subscriberUp;
  private boolean everUp;
  private boolean reported;
  private long downSince;

  // Confined to the inbox thread.
  private final GapDetector gaps;

  RedisBroker(
      RedisConnector connector,
      ScheduledExecutorService scheduler,
      String prefix,
      int maxInFlight,
      Timing timing) {
    this.connector = connector;
    this.maxInFlight = maxInFlight;
    this.timing = timing;
    this.overloaded =
        new IllegalStateException(maxInFlight + " publishes are waiting for Redis already");
    this.scheduler = scheduler;
    this.allChannel = prefix + ":all";
    this.topicPrefix = prefix + ":topic:";
    this.clientPrefix = prefix + ":client:";
    this.nodePrefix = prefix + ":node:";
    this.gaps = new GapDetector(this::missed);
    this.inbox =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(INBOX_CAPACITY),
            task -> {
              Thread thread = new Thread(task, "herald-redis-inbox-" + prefix);
              thread.setDaemon(true);
              return thread;
            });
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
    scheduler.scheduleWithFixedDelay(
        this::mark, timing.markIntervalMillis, timing.markIntervalMillis, TimeUnit.MILLISECONDS);
    connector.openCommands("publisher connection", RedisConnector.FRAMES, this::publisherOpened);
    connector.openPubSub("subscriber connection", this::subscriberOpened);
  }

  @Override
  public void publish(Envelope envelope) {
    Node self = node;
    if (self == null || closed) {
      return;
    }
    String channel =
        switch (envelope.kind()) {
          case ALL -> allChannel;
          case TOPIC -> topicPrefix + envelope.target();
          case CLIENT -> clientPrefix + envelope.target();
          case CONNECTION -> nodePrefix + envelope.node();
        };
    byte[] message;
    try {
      message = WireFormat.encode(envelope, self.origin);
    } catch (IllegalArgumentException e) {
      log.warn(
          "Cannot send a {} envelope for '{}' to other nodes: {}",
          envelope.kind(),
          channel,
          e.getMessage());
      return;
    }
    send(channel, message);
  }

  @Override
  public void control(Control control) {
    Node self = node;
    if (self == null || closed) {
      return;
    }
    String channel =
        control.action() == Control.Action.LISTED
            ? nodePrefix + control.node()
            : clientPrefix + control.clientId();
    byte[] message;
    try {
      message = WireFormat.encode(control, self.origin);
    } catch (IllegalArgumentException e) {
      log.warn("Cannot send a {} control to other nodes: {}", control.action(), e.getMessage());
      return;
    }
    send(channel, message);
  }

  @Override
  public void interestChanged(String topic) {
    Objects.requireNonNull(topic, "topic");
    if (node != null && !closed) {
      runOnScheduler(() -> settle(topicPrefix + topic, false));
    }
  }

  @Override
  public void clientChanged(String clientId) {
    Objects.requireNonNull(clientId, "clientId");
    if (node != null && !closed) {
      runOnScheduler(() -> settle(clientPrefix + clientId, false));
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
    inbox.shutdownNow();
  }

  /** Returns how many streams this node numbers now, for tests of the pruning. */
  int streams() {
    return streams.size();
  }

  /** Numbers {@code message} in its channel's stream and hands it to Lettuce. */
  private void send(String channel, byte[] message) {
    Stream stream = streams.get(channel);
    if (stream == null) {
      stream = streams.computeIfAbsent(channel, Stream::new);
    }
    stream.used = tick;
    long number = stream.last.incrementAndGet();
    WireFormat.number(message, stream.id, number, stream.confirmed ? 0 : number - 1);
    RedisClusterAsyncCommands<String, byte[]> commands = publisher;
    if (commands == null) {
      // The number is spent: the other nodes learn of the loss from the next message or mark.
      published(null, unconnected);
      return;
    }
    if (inFlight.incrementAndGet() > maxInFlight) {
      // Redis falls behind: shed here, before Lettuce's own limit, which logs every rejection.
      inFlight.decrementAndGet();
      published(null, overloaded);
      return;
    }
    BiConsumer<Object, @Nullable Throwable> outcome =
        stream.confirmed ? publishOutcome : stream.confirming;
    Node self = node;
    long start = System.nanoTime();
    try {
      // One small object per message that crosses nodes, beside Lettuce's command and future.
      commands
          .publish(channel, message)
          .whenComplete(
              (receivers, error) -> {
                outcome.accept(receivers, error);
                if (error == null && self != null) {
                  self.receiver.published(System.nanoTime() - start);
                }
              });
    } catch (RuntimeException e) {
      // A broker never throws at the sender: the loss is a gap like any other.
      published(null, e);
    }
  }

  /**
   * Publishes the last number of every stream that sent since its last mark, drops the streams
   * silent for long, and lets the inbox count what waited too long for a late message.
   */
  private void mark() {
    Node self = node;
    if (self == null || closed) {
      return;
    }
    int now = ++tick;
    boolean again = remarkAll;
    remarkAll = false;
    RedisClusterAsyncCommands<String, byte[]> commands = publisher;
    for (Stream stream : streams.values()) {
      long last = stream.last.get();
      if (last > stream.marked || (again && last > 0)) {
        if (commands != null) {
          byte[] mark =
              WireFormat.signal(
                  WireFormat.MARK, self.origin, stream.id, last, stream.confirmed ? 0 : last);
          commands
              .publish(stream.channel, mark)
              .thenRun(() -> stream.marked = Math.max(stream.marked, last));
        }
      } else if (now - stream.used > timing.idleTicks) {
        streams.remove(stream.channel, stream);
      }
    }
    long nanos = System.nanoTime();
    long idle = TimeUnit.MILLISECONDS.toNanos(timing.markIntervalMillis * timing.idleTicks * 2);
    try {
      inbox.execute(() -> gaps.sweep(nanos, idle));
    } catch (RejectedExecutionException e) {
      // Full or closed: the next sweep counts it.
    }
  }

  private void publisherOpened(RedisConnector.Link<String, byte[]> link) {
    if (closed) {
      link.connection().closeAsync();
      return;
    }
    if (link.connection() instanceof RedisChannelHandler<?, ?> handler) {
      handler.addListener(new PublisherState(link.connection()));
    }
    publisherConnection = link.connection();
    publisher = link.commands();
    publisherUp = true;
    stateChanged();
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
    List<String> wanted = new ArrayList<>(List.of(allChannel, self.channel));
    wanted.addAll(channels);
    connection
        .async()
        .subscribe(wanted.toArray(String[]::new))
        .whenComplete(
            (ignored, error) -> {
              if (error != null && !closed) {
                // Lettuce re-subscribes only what Redis confirmed: try again ourselves.
                log.debug("Subscribing to {} failed, retrying: {}", wanted, error.toString());
                scheduler.schedule(
                    () -> subscribeAll(connection), SUBSCRIBE_RETRY_MILLIS, TimeUnit.MILLISECONDS);
              }
            });
  }

  /**
   * Subscribes to or unsubscribes from a topic's or a client's channel as this node's connections
   * now require. With {@code force} it sends the command even if this broker thinks it is in that
   * state already.
   */
  private void settle(String channel, boolean force) {
    Node self = Objects.requireNonNull(node);
    boolean want = !closed && wants(self.receiver, channel);
    boolean had = channels.contains(channel);
    if (want == had && !force) {
      return;
    }
    if (want && !had) {
      channels.add(channel);
      // The numbers seen during an earlier subscription say nothing about what was missed since.
      forget(channel);
    } else if (!want && had) {
      channels.remove(channel);
    }
    StatefulRedisPubSubConnection<String, byte[]> connection = subscriber;
    if (connection == null) {
      // subscribeAll() takes the channel along once the connection is open.
      return;
    }
    unsettled.remove(channel);
    (want ? connection.async().subscribe(channel) : connection.async().unsubscribe(channel))
        .whenCompleteAsync(
            (ignored, error) -> {
              if (error != null) {
                // Settled again once the subscriber connection is back.
                unsettled.add(channel);
              } else if (!want) {
                forget(channel);
              }
            },
            scheduler);
  }

  private boolean wants(Receiver receiver, String channel) {
    return channel.startsWith(topicPrefix)
        ? receiver.hasLocalMembers(channel.substring(topicPrefix.length()))
        : receiver.holdsClient(channel.substring(clientPrefix.length()));
  }

  private void forget(String channel) {
    try {
      inbox.execute(() -> gaps.forget(channel));
    } catch (RejectedExecutionException e) {
      // Closing, or so far behind that the channel's numbers are lost anyway.
    }
  }

  private void subscriberDown() {
    if (subscriberUp && !closed) {
      subscriberUp = false;
      log.warn(
          "Lost the Redis subscriber connection to {}: messages from other nodes are lost until"
              + " Lettuce reconnects",
          connector.address());
      stateChanged();
    }
  }

  private void subscriberSubscribed() {
    Node self = Objects.requireNonNull(node);
    if (subscriberUp) {
      return;
    }
    subscriberUp = true;
    if (everUp) {
      for (String channel : List.copyOf(unsettled)) {
        settle(channel, true);
      }
    } else {
      log.info("Subscribed to Redis at {} as node {}", connector.address(), self.id);
    }
    stateChanged();
  }

  /** Tells the receiver when the broker starts or stops reaching the other nodes. */
  private void stateChanged() {
    Node self = Objects.requireNonNull(node);
    boolean up = publisherUp && subscriberUp;
    if (up == reported && everUp) {
      return;
    }
    if (up) {
      RedisClusterAsyncCommands<String, byte[]> commands = publisher;
      if (everUp && commands != null) {
        log.info(
            "Reaching the other nodes through Redis at {} again after {} ms",
            connector.address(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - downSince));
        // What this node missed meanwhile shows at the next mark of each stream: ask for them now,
        // once both connections are back, so that the request itself is not lost.
        commands.publish(
            allChannel, WireFormat.signal(WireFormat.MARK_REQUEST, self.origin, 0, 0, 0));
      }
      everUp = true;
      reported = true;
      self.receiver.connected();
    } else if (everUp) {
      reported = false;
      downSince = System.nanoTime();
      self.receiver.disconnected();
    }
  }

  /**
   * Counts a publish that ended. Failures are logged once when they start and then at most every
   * ten seconds with their count; the end of a run of failures is logged with its full count.
   */
  private void published(@Nullable Object reply, @Nullable Throwable error) {
    if (error != overloaded && error != unconnected) {
      inFlight.decrementAndGet();
    }
    if (error == null) {
      if (publishFailing.compareAndSet(true, false)) {
        log.info(
            "Publishing to Redis at {} works again: {} messages to other nodes were lost since it"
                + " failed, and reported there as gaps",
            connector.address(),
            failedInOutage.sumThenReset());
        failedSinceWarning.reset();
      }
      return;
    }
    failedSinceWarning.increment();
    failedInOutage.increment();
    publishFailing.set(true);
    Node self = this.node;
    if (self != null) {
      self.receiver.publishFailed();
    }
    long now = System.nanoTime();
    long last = lastFailureWarning.get();
    if (now - last >= WARN_INTERVAL_NANOS && lastFailureWarning.compareAndSet(last, now)) {
      log.warn(
          "Publishing to Redis at {} failed {} times since the last report ({}): messages to other"
              + " nodes are lost, and reported there as gaps",
          connector.address(),
          failedSinceWarning.sumThenReset(),
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

  /** Takes a message from the subscriber connection's I/O thread to the inbox thread. */
  private void arrived(String channel, byte[] bytes) {
    try {
      inbox.execute(() -> received(channel, bytes));
    } catch (RejectedExecutionException e) {
      if (!closed && inboxFullLogged.compareAndSet(false, true)) {
        log.warn(
            "Dropping messages from other nodes: {} wait for delivery on this node already; the"
                + " loss is reported as gaps",
            INBOX_CAPACITY);
      }
    }
  }

  /** Checks a message from another node for gaps and hands it to the receiver. */
  private void received(String channel, byte[] bytes) {
    Node self = node;
    if (self == null || closed) {
      return;
    }
    if (inboxFullLogged.get()) {
      // Caught up: the next overflow is news again. Read first, so that no message writes.
      inboxFullLogged.set(false);
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
    long now = System.nanoTime();
    try {
      switch (message.type()) {
        case WireFormat.MARK_REQUEST -> remarkAll = true;
        case WireFormat.MARK ->
            gaps.mark(
                channel,
                message.origin(),
                message.stream(),
                message.number(),
                message.unconfirmed(),
                now);
        default -> {
          long verdict =
              gaps.message(
                  channel,
                  message.origin(),
                  message.stream(),
                  message.number(),
                  message.unconfirmed(),
                  now);
          if (verdict == GapDetector.DUPLICATE) {
            return;
          }
          Control control = message.control();
          if (control != null) {
            self.receiver.control(control);
          } else {
            self.receiver.deliver(message.envelope(self.id));
          }
        }
      }
    } catch (RuntimeException e) {
      log.warn("The receiver failed on a message from {} on {}", message.origin(), channel, e);
    }
  }

  /** Reports messages found missing on {@code channel}, naming what they addressed. */
  private void missed(String channel, String origin, long count) {
    Node self = node;
    if (self == null) {
      return;
    }
    Gap gap;
    if (channel.startsWith(topicPrefix)) {
      gap = new Gap(origin, Gap.Scope.TOPIC, channel.substring(topicPrefix.length()), count);
    } else if (channel.startsWith(clientPrefix)) {
      gap = new Gap(origin, Gap.Scope.CLIENT, channel.substring(clientPrefix.length()), count);
    } else if (channel.equals(allChannel)) {
      gap = new Gap(origin, Gap.Scope.ALL, "", count);
    } else {
      gap = new Gap(origin, Gap.Scope.NODE, "", count);
    }
    self.receiver.gap(gap);
  }

  /**
   * One origin's numbering of one channel. The number is taken without a lock; {@code confirmed}
   * turns true once Redis took one of its messages, after which no message tells of earlier loss.
   */
  private final class Stream {
    final String channel;
    final long id = ThreadLocalRandom.current().nextLong();
    final AtomicLong last = new AtomicLong();
    final BiConsumer<Object, @Nullable Throwable> confirming = this::confirm;
    volatile boolean confirmed;
    volatile long marked;
    // The tick of the last send: a plain write per message, read by the scheduler thread.
    int used;

    Stream(String channel) {
      this.channel = channel;
    }

    private void confirm(@Nullable Object reply, @Nullable Throwable error) {
      if (error == null) {
        confirmed = true;
      }
      published(reply, error);
    }
  }

  /** Holds what {@link #start} fixed. Instances are immutable. */
  private record Node(String id, byte[] origin, String channel, Receiver receiver) {}

  /** Hears whether the publisher connection is up, on its I/O thread. */
  private final class PublisherState implements RedisConnectionStateListener {
    private final Object connection;

    PublisherState(Object connection) {
      this.connection = connection;
    }

    @Override
    public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
      if (handler == connection) {
        runOnScheduler(
            () -> {
              publisherUp = true;
              stateChanged();
            });
      }
    }

    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
      if (handler == connection) {
        runOnScheduler(
            () -> {
              publisherUp = false;
              stateChanged();
            });
      }
    }
  }

  /** Hears the subscriber connection's messages and state, on its I/O thread. */
  private final class Listener extends RedisPubSubAdapter<String, byte[]>
      implements RedisConnectionStateListener {

    @Override
    public void message(String channel, byte[] message) {
      arrived(channel, message);
    }

    @Override
    public void subscribed(String channel, long count) {
      if (channel.equals(allChannel)) {
        runOnScheduler(RedisBroker.this::subscriberSubscribed);
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
