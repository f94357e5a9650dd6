package dev.herald.redis;

import dev.herald.spi.Envelope;
import dev.herald.spi.History;
import dev.herald.spi.Payload;
import dev.herald.spi.Position;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each topic's window in a Redis stream, and delivers each publication, positioned, over
 * Redis Pub/Sub to every node with members in the topic, the appending node included: Redis assigns
 * the position, so the appending node gets the publication back from Redis like every other node
 * rather than delivering it locally.
 *
 * <p>Per topic, two keys share a hash tag, so that a Redis Cluster keeps them in one slot and one
 * script may touch both: the stream {@code <prefix>:h:{<topic>}:s} and the hash {@code
 * <prefix>:h:{<topic>}:m} with the epoch, the top offset, the time of the last append and the
 * retention the last append asked for. In the tag, {@code %}, <code>{</code> and <code>}</code> of
 * the topic are percent-encoded, so that every topic names its own slot-stable pair of keys.
 *
 * <p>An append is one script: it draws the epoch from a random candidate if the hash is missing (a
 * new topic, or a Redis that lost its data: a new epoch), takes the next offset from the hash, adds
 * the entry with the id {@code <offset>-<ms>}, trims to the retention exactly, sets the keys to
 * expire after three times the age (at least a minute) without appends, and publishes {@code
 * <epoch>:<offset>:<envelope>} on {@code <prefix>:history:<topic>}, all in one atomic step. The
 * offset leads the id so that "the entries after offset n" is an {@code XRANGE} from {@code n+1}: a
 * read costs O(log n + limit), whatever the window. The milliseconds, which never decrease along a
 * topic's offsets, date the entry, so that trimming by age finds its cut by bisection. Trimming by
 * count is exact ({@code MAXLEN} without {@code ~}): a window is then exactly the policy's, and
 * whether a position is still covered does not depend on how Redis packs the stream; one entry
 * dropped per append is cheap either way.
 *
 * <p>A read is one script too, so that the epoch, the top and the entries agree: it creates the
 * hash with an epoch when it is missing, so that the first append keeps the epoch a reader learned
 * before it; it trims by age; and it returns the entries after the asked offset, if the window
 * still covers it. A read of a topic this node has members in waits until Redis confirmed the
 * subscription to the topic's channel, at most {@link #SUBSCRIBE_TIMEOUT}, and again after the
 * subscriber connection came back: what is appended after that reaches this node's sink, what was
 * appended before is in the read, so none falls in between. While the subscriber connection is down
 * after it was up, such a read fails at once. Before the command connection first opens, appends
 * wait for it in their order, as many as the in-flight limit, and reads wait at most {@link
 * #SUBSCRIBE_TIMEOUT}: a node that has just started loses nothing it was asked to keep.
 *
 * <p>Per topic, the sink gets offsets in order: Redis runs a topic's appends one at a time, and
 * sends one subscriber connection's messages in the order it published them. A message lost while
 * that connection was down shows as a skipped offset, which the manager reads again.
 *
 * <p>Threads: {@link #append} and {@link #read} hand their script to Lettuce on the caller's thread
 * and complete on Lettuce's; what arrives on the channels is decoded and handed to the sink on this
 * history's inbox thread, one at a time, in the order Redis sent it; subscriptions change on the
 * bridge's scheduler thread, so that racing interest changes settle on the latest membership. No
 * lock is held while Lettuce or the sink is called.
 *
 * <p>This class is thread-safe.
 */
final class RedisHistory implements History {
  /** The longest a read waits for the subscription to its topic's channel. */
  static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(5);

  /** The shortest time a topic's keys outlive its last append. */
  static final Duration MIN_IDLE_TTL = Duration.ofMinutes(1);

  private static final Logger log = LoggerFactory.getLogger(RedisHistory.class);
  private static final long SUBSCRIBE_RETRY_MILLIS = 1000;
  private static final long FORGET_PERIOD_MILLIS = 10_000;
  private static final int INBOX_CAPACITY = 65_536;
  private static final byte[] NO_EPOCH = new byte[0];

  // Lua 5.1 numbers are doubles: offsets up to 2^53 and milliseconds are exact, and %d formats
  // them as integers where %s or concatenation could print an exponent.
  private static final String FUNCTIONS =
      """
      local function offsetOf(id) return tonumber(string.match(id, '^(%d+)')) end
      local function stampOf(id) return tonumber(string.match(id, '(%d+)$')) end
      local function now()
        local t = redis.call('TIME')
        return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      end
      -- Drops the entries stamped before oldest. Stamps never decrease along the offsets, so the
      -- first entry kept is found by bisection: O(log n) lookups rather than one per entry.
      local function trim(stream, oldest)
        local first = redis.call('XRANGE', stream, '-', '+', 'COUNT', 1)[1]
        if first == nil or stampOf(first[1]) >= oldest then return end
        local last = redis.call('XREVRANGE', stream, '+', '-', 'COUNT', 1)[1]
        if stampOf(last[1]) < oldest then
          redis.call('DEL', stream)
          return
        end
        -- Every entry up to lo is expired, every entry from hi on is kept.
        local lo, hi = offsetOf(first[1]), offsetOf(last[1])
        while hi - lo > 1 do
          local mid = math.floor((lo + hi) / 2)
          local at = redis.call('XRANGE', stream, string.format('%d-0', mid), '+', 'COUNT', 1)[1]
          if stampOf(at[1]) >= oldest then hi = mid else lo = offsetOf(at[1]) end
        end
        redis.call('XTRIM', stream, 'MINID', string.format('%d-0', hi))
      end
      """;

  /**
   * KEYS: stream, meta. ARGV: candidate epoch, count, age ms, idle ttl ms, channel, envelope.
   * Returns {epoch, offset}.
   */
  private static final LuaScript APPEND =
      new LuaScript(
          FUNCTIONS
              + """
              local stream, meta = KEYS[1], KEYS[2]
              local age, ttl = tonumber(ARGV[3]), tonumber(ARGV[4])
              if redis.call('HSETNX', meta, 'epoch', ARGV[1]) == 1 then
                -- A new epoch: whatever the stream still holds belongs to a lost one.
                redis.call('DEL', stream)
              end
              local epoch = redis.call('HGET', meta, 'epoch')
              local offset = redis.call('HINCRBY', meta, 'top', 1)
              local at = math.max(now(), tonumber(redis.call('HGET', meta, 'at')) or 0)
              redis.call('HSET', meta, 'at', string.format('%d', at), 'age', ARGV[3], 'ttl', ARGV[4])
              redis.call('XADD', stream, 'MAXLEN', ARGV[2],
                string.format('%d-%d', offset, at), 'e', ARGV[6])
              trim(stream, at - age + 1)
              redis.call('PEXPIRE', stream, ttl)
              redis.call('PEXPIRE', meta, ttl)
              redis.call('PUBLISH', ARGV[5],
                epoch .. ':' .. string.format('%d', offset) .. ':' .. ARGV[6])
              return {epoch, offset}
              """);

  /**
   * KEYS: stream, meta. ARGV: candidate epoch, default ttl ms, since epoch ('' for none), since
   * offset, limit. Returns {epoch, top, covered (0 or 1), then id and envelope of each entry}.
   */
  private static final LuaScript READ =
      new LuaScript(
          FUNCTIONS
              + """
              local stream, meta = KEYS[1], KEYS[2]
              if redis.call('HSETNX', meta, 'epoch', ARGV[1]) == 1 then
                redis.call('DEL', stream)
                redis.call('HSET', meta, 'top', 0)
              end
              local epoch = redis.call('HGET', meta, 'epoch')
              local top = tonumber(redis.call('HGET', meta, 'top')) or 0
              local age = tonumber(redis.call('HGET', meta, 'age'))
              if age then
                trim(stream, math.max(now(), tonumber(redis.call('HGET', meta, 'at')) or 0) - age + 1)
              end
              local ttl = tonumber(redis.call('HGET', meta, 'ttl')) or tonumber(ARGV[2])
              redis.call('PEXPIRE', stream, ttl)
              redis.call('PEXPIRE', meta, ttl)
              if ARGV[3] == '' then return {epoch, top, 1} end
              local since = tonumber(ARGV[4])
              if ARGV[3] ~= epoch or since > top then return {epoch, top, 0} end
              local first = redis.call('XRANGE', stream, '-', '+', 'COUNT', 1)[1]
              local oldest = top + 1
              if first then oldest = offsetOf(first[1]) end
              if since < oldest - 1 then return {epoch, top, 0} end
              local reply = {epoch, top, 1}
              if since < top then
                local entries = redis.call('XRANGE', stream,
                  string.format('%d-0', since + 1), '+', 'COUNT', ARGV[5])
                for _, entry in ipairs(entries) do
                  reply[#reply + 1] = entry[1]
                  reply[#reply + 1] = entry[2][2]
                end
              end
              return reply
              """);

  private final RedisConnector connector;
  private final ScheduledExecutorService scheduler;
  private final String keyPrefix;
  private final String channelPrefix;
  private final int maxInFlight;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Map<String, Seen> seen = new ConcurrentHashMap<>();
  private final Set<CompletableFuture<?>> waitingReads = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean inboxFull = new AtomicBoolean();
  private final AtomicBoolean malformedLogged = new AtomicBoolean();
  private final Listener listener = new Listener();
  private final ThreadPoolExecutor inbox;
  private volatile @Nullable Started started;
  private volatile @Nullable RedisClusterAsyncCommands<String, byte[]> commands;
  private volatile @Nullable StatefulConnection<String, byte[]> commandConnection;
  private volatile @Nullable StatefulRedisPubSubConnection<String, byte[]> subscriber;
  private volatile boolean closed;
  // Guarded by this: appends made before the command connection first opened, in order.
  private final List<Pending> beforeConnected = new ArrayList<>();

  // Confined to the scheduler thread: the topics this node wants, and the channels it left while
  // Redis could not hear it, which Lettuce would subscribe to again when it reconnects.
  private final Map<String, Interest> interests = new HashMap<>();
  private final Set<String> stale = new HashSet<>();
  private boolean subscriberConnected;

  RedisHistory(
      RedisConnector connector,
      ScheduledExecutorService scheduler,
      String prefix,
      int maxInFlight) {
    this.connector = connector;
    this.scheduler = scheduler;
    this.keyPrefix = prefix + ":h:{";
    this.channelPrefix = prefix + ":history:";
    this.maxInFlight = maxInFlight;
    this.inbox =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(INBOX_CAPACITY),
            task -> {
              Thread thread = new Thread(task, "herald-redis-history-" + prefix);
              thread.setDaemon(true);
              return thread;
            });
  }

  @Override
  public void start(String nodeId, Sink sink) {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(sink, "sink");
    synchronized (this) {
      Started existing = started;
      if (existing != null) {
        throw new IllegalStateException("history started already, as node " + existing.nodeId);
      }
      started = new Started(nodeId, nodeId.getBytes(StandardCharsets.UTF_8), sink);
    }
    scheduler.scheduleWithFixedDelay(
        this::forgetIdle, FORGET_PERIOD_MILLIS, FORGET_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    connector.openCommands("history connection", RedisConnector.FRAMES, this::commandsOpened);
    connector.openPubSub("history subscriber connection", this::subscriberOpened);
  }

  @Override
  public CompletionStage<Position> append(Envelope envelope, Retention retention) {
    Objects.requireNonNull(envelope, "envelope");
    Objects.requireNonNull(retention, "retention");
    Started self = started;
    if (self == null || closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("history not running"));
    }
    RedisClusterAsyncCommands<String, byte[]> redis = commands;
    if (redis == null) {
      return appendOnceConnected(envelope, retention);
    }
    return send(redis, self, envelope, retention);
  }

  /**
   * Keeps an append made before the command connection first opened, to send it as it opens: a
   * publication made just after the manager started is not lost, and one node's publications keep
   * their order.
   */
  private CompletionStage<Position> appendOnceConnected(Envelope envelope, Retention retention) {
    CompletableFuture<Position> appended = new CompletableFuture<>();
    boolean waiting =
        onceConnected(
            appended,
            (redis, self) ->
                send(redis, self, envelope, retention)
                    .whenComplete(
                        (position, error) -> {
                          if (error != null) {
                            appended.completeExceptionally(error);
                          } else {
                            appended.complete(position);
                          }
                        }));
    return waiting ? appended : append(envelope, retention);
  }

  /**
   * Keeps {@code action} to run as the command connection first opens, unless it is open already or
   * the history closed; then returns false. {@code result} fails if too many wait, or when the
   * history closes first.
   */
  private boolean onceConnected(CompletableFuture<?> result, Action action) {
    synchronized (this) {
      if (commands != null || closed) {
        return false;
      }
      if (beforeConnected.size() >= maxInFlight) {
        result.completeExceptionally(
            new IllegalStateException(
                maxInFlight + " commands are waiting for the first connection to Redis already"));
      } else {
        beforeConnected.add(new Pending(action, result));
      }
      return true;
    }
  }

  private CompletionStage<Position> send(
      RedisClusterAsyncCommands<String, byte[]> redis,
      Started self,
      Envelope envelope,
      Retention retention) {
    byte[] encoded;
    try {
      encoded = WireFormat.encode(envelope, self.origin);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (inFlight.incrementAndGet() > maxInFlight) {
      // Redis falls behind: fail here, before Lettuce's own bound, which logs every rejection.
      inFlight.decrementAndGet();
      return CompletableFuture.failedFuture(
          new IllegalStateException(maxInFlight + " commands are waiting for Redis already"));
    }
    String topic = envelope.target();
    long age = Math.max(1, retention.age().toMillis());
    long size = sizeOf(envelope);
    return APPEND
        .<List<Object>>run(
            redis,
            ScriptOutputType.MULTI,
            keys(topic),
            randomEpoch(),
            ascii(retention.count()),
            ascii(age),
            ascii(idleTtl(age)),
            (channelPrefix + topic).getBytes(StandardCharsets.UTF_8),
            encoded)
        .handle(
            (reply, error) -> {
              inFlight.decrementAndGet();
              if (error != null) {
                throw wrap(error);
              }
              Position position = new Position(text(reply.get(0)), number(reply.get(1)));
              seen.put(topic, new Seen(position.offset(), retention, size, System.nanoTime()));
              return position;
            });
  }

  @Override
  public CompletionStage<Window> read(String topic, @Nullable Position since, int limit) {
    Objects.requireNonNull(topic, "topic");
    if (limit < 1) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("limit < 1: " + limit));
    }
    if (started == null || closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("history not running"));
    }
    CompletableFuture<Window> window = new CompletableFuture<>();
    waitingReads.add(window);
    window.whenComplete((ignored, error) -> waitingReads.remove(window));
    // Through the scheduler thread, after every interest change announced before this read.
    if (!runOnScheduler(() -> readWhenSubscribed(topic, since, limit, window))) {
      window.completeExceptionally(new IllegalStateException("history closed"));
    }
    return window;
  }

  @Override
  public void interestChanged(String topic) {
    Objects.requireNonNull(topic, "topic");
    if (started != null && !closed) {
      runOnScheduler(() -> settle(topic));
    }
  }

  /**
   * Returns an estimate from what this node appended, without asking Redis: the topics it appended
   * to within their age, each taken as holding its count or its top offset, whichever is smaller,
   * of entries the size of the last one it appended there.
   */
  @Override
  public Usage usage() {
    long now = System.nanoTime();
    long topics = 0;
    long entries = 0;
    long bytes = 0;
    for (Seen topic : seen.values()) {
      if (now - topic.at < topic.retention.age().toNanos()) {
        long held = Math.min(topic.retention.count(), topic.top);
        topics++;
        entries += held;
        bytes += held * topic.size;
      }
    }
    return new Usage(topics, entries, bytes);
  }

  /** Fails the reads under way and closes the connections to Redis. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    IllegalStateException closing = new IllegalStateException("history closed");
    for (CompletableFuture<?> read : List.copyOf(waitingReads)) {
      read.completeExceptionally(closing);
    }
    List<Pending> unsent;
    synchronized (this) {
      unsent = List.copyOf(beforeConnected);
      beforeConnected.clear();
    }
    for (Pending pending : unsent) {
      pending.result.completeExceptionally(closing);
    }
    StatefulConnection<String, byte[]> connection = commandConnection;
    if (connection != null) {
      connection.close();
    }
    StatefulRedisPubSubConnection<String, byte[]> pubSub = subscriber;
    if (pubSub != null) {
      pubSub.close();
    }
    inbox.shutdownNow();
  }

  /** Returns the stream and the meta key of {@code topic}. */
  String[] keys(String topic) {
    String tag = keyPrefix + tag(topic) + "}:";
    return new String[] {tag + "s", tag + "m"};
  }

  /**
   * Returns the topic as it appears in its keys' hash tag: with {@code %}, <code>{</code> and
   * <code>}</code> percent-encoded, since the first <code>}</code> ends the tag; and the empty
   * topic as {@code %}, which no other topic encodes to, since an empty tag would hash whole keys.
   */
  static String tag(String topic) {
    if (topic.isEmpty()) {
      return "%";
    }
    if (topic.indexOf('%') < 0 && topic.indexOf('{') < 0 && topic.indexOf('}') < 0) {
      return topic;
    }
    StringBuilder tag = new StringBuilder(topic.length() + 8);
    for (int i = 0; i < topic.length(); i++) {
      char c = topic.charAt(i);
      switch (c) {
        case '%' -> tag.append("%25");
        case '{' -> tag.append("%7B");
        case '}' -> tag.append("%7D");
        default -> tag.append(c);
      }
    }
    return tag.toString();
  }

  private void readWhenSubscribed(
      String topic, @Nullable Position since, int limit, CompletableFuture<Window> window) {
    Interest interest = interests.get(topic);
    if (interest == null || interest.ready.isDone()) {
      readNow(topic, since, limit, window);
      return;
    }
    if (subscriber != null && !subscriberConnected) {
      // Redis went out of reach: say so now rather than after the timeout. Before the connection
      // first opens, the read waits for it instead.
      window.completeExceptionally(
          new IllegalStateException("not subscribed to " + interest.channel + ": Redis is down"));
      return;
    }
    ScheduledFuture<?> timeout =
        scheduler.schedule(
            () ->
                window.completeExceptionally(
                    new IllegalStateException(
                        "not subscribed to "
                            + interest.channel
                            + " within "
                            + SUBSCRIBE_TIMEOUT.toMillis()
                            + " ms")),
            SUBSCRIBE_TIMEOUT.toMillis(),
            TimeUnit.MILLISECONDS);
    interest.ready.thenRun(
        () -> {
          if (timeout.cancel(false)) {
            readNow(topic, since, limit, window);
          }
        });
  }

  private void readNow(
      String topic, @Nullable Position since, int limit, CompletableFuture<Window> window) {
    RedisClusterAsyncCommands<String, byte[]> redis = commands;
    Started self = started;
    if (redis == null || self == null) {
      if (onceConnected(
          window, (opened, origin) -> read(opened, origin, topic, since, limit, window))) {
        // A node that has just started waits for its connection, as long as for a subscription.
        scheduler.schedule(
            () ->
                window.completeExceptionally(
                    new IllegalStateException(
                        "not connected to Redis within " + SUBSCRIBE_TIMEOUT.toMillis() + " ms")),
            SUBSCRIBE_TIMEOUT.toMillis(),
            TimeUnit.MILLISECONDS);
        return;
      }
      // Connected or closed meanwhile.
      redis = commands;
      self = started;
      if (redis == null || self == null) {
        window.completeExceptionally(new IllegalStateException("history closed"));
        return;
      }
    }
    read(redis, self, topic, since, limit, window);
  }

  private void read(
      RedisClusterAsyncCommands<String, byte[]> redis,
      Started self,
      String topic,
      @Nullable Position since,
      int limit,
      CompletableFuture<Window> window) {
    if (window.isDone()) {
      return;
    }
    READ.<List<Object>>run(
            redis,
            ScriptOutputType.MULTI,
            keys(topic),
            randomEpoch(),
            ascii(MIN_IDLE_TTL.toMillis()),
            since == null ? NO_EPOCH : since.epoch().getBytes(StandardCharsets.US_ASCII),
            ascii(since == null ? 0 : since.offset()),
            ascii(limit))
        .whenComplete(
            (reply, error) -> {
              if (error != null) {
                window.completeExceptionally(error);
                return;
              }
              try {
                window.complete(window(reply, self.nodeId));
              } catch (RuntimeException e) {
                window.completeExceptionally(e);
              }
            });
  }

  private static Window window(List<Object> reply, String nodeId) {
    String epoch = text(reply.get(0));
    Position top = new Position(epoch, number(reply.get(1)));
    boolean covered = number(reply.get(2)) == 1;
    List<Entry> entries = new ArrayList<>((reply.size() - 3) / 2);
    for (int i = 3; i + 1 < reply.size(); i += 2) {
      String id = text(reply.get(i));
      long offset = Long.parseLong(id, 0, id.indexOf('-'), 10);
      Envelope envelope = WireFormat.decode((byte[]) reply.get(i + 1)).envelope(nodeId);
      entries.add(new Entry(new Position(epoch, offset), envelope));
    }
    return new Window(top, covered, entries);
  }

  /**
   * Subscribes to or unsubscribes from a topic's channel as this node's members now require. Runs
   * on the scheduler thread.
   */
  private void settle(String topic) {
    Started self = started;
    if (self == null) {
      return;
    }
    boolean want = !closed && self.sink.hasLocalMembers(topic);
    Interest interest = interests.get(topic);
    StatefulRedisPubSubConnection<String, byte[]> connection = subscriber;
    if (want && interest == null) {
      interest = new Interest(topic, channelPrefix + topic);
      interests.put(topic, interest);
      stale.remove(interest.channel);
      // Without a connection yet, subscriberOpened() takes the topic along.
      if (connection != null) {
        subscribe(connection, interest);
      }
    } else if (!want && interest != null) {
      interests.remove(topic);
      // Reads waiting for it may go: without members, nothing is owed to this node.
      interest.ready.complete(null);
      if (connection != null) {
        unsubscribe(connection, interest.channel);
      }
    }
  }

  private void subscribe(
      StatefulRedisPubSubConnection<String, byte[]> connection, Interest interest) {
    CompletableFuture<Void> ready = interest.ready;
    connection
        .async()
        .subscribe(interest.channel)
        .whenCompleteAsync(
            (ignored, error) -> {
              if (error == null) {
                ready.complete(null);
              } else if (!closed && interests.get(interest.topic) == interest) {
                log.debug(
                    "Subscribing to {} failed, retrying: {}", interest.channel, error.toString());
                scheduler.schedule(
                    () -> resubscribe(interest), SUBSCRIBE_RETRY_MILLIS, TimeUnit.MILLISECONDS);
              }
            },
            scheduler);
  }

  private void resubscribe(Interest interest) {
    StatefulRedisPubSubConnection<String, byte[]> connection = subscriber;
    if (!closed
        && connection != null
        && interests.get(interest.topic) == interest
        && !interest.ready.isDone()) {
      subscribe(connection, interest);
    }
  }

  private void unsubscribe(
      StatefulRedisPubSubConnection<String, byte[]> connection, String channel) {
    connection
        .async()
        .unsubscribe(channel)
        .whenCompleteAsync(
            (ignored, error) -> {
              if (error != null && !closed) {
                stale.add(channel);
              }
            },
            scheduler);
  }

  private void commandsOpened(RedisConnector.Link<String, byte[]> link) {
    synchronized (this) {
      if (closed) {
        link.connection().closeAsync();
        return;
      }
      commandConnection = link.connection();
      Started self = Objects.requireNonNull(started, "started");
      // Under the lock, before the connection is published: an append that comes meanwhile waits
      // for the lock and goes after these, so the order stays. Sending only queues on Lettuce.
      for (Pending pending : beforeConnected) {
        pending.action.run(link.commands(), self);
      }
      beforeConnected.clear();
      commands = link.commands();
    }
  }

  private void subscriberOpened(StatefulRedisPubSubConnection<String, byte[]> connection) {
    if (closed) {
      connection.closeAsync();
      return;
    }
    connection.addListener((RedisPubSubListener<String, byte[]>) listener);
    connection.addListener((RedisConnectionStateListener) listener);
    subscriber = connection;
    subscriberConnected = true;
    for (Interest interest : interests.values()) {
      subscribe(connection, interest);
    }
  }

  /**
   * Holds the reads of every topic back until Redis confirms the subscription again: what is
   * published while the connection is down never reaches this node.
   */
  private void subscriberDown() {
    subscriberConnected = false;
    for (Interest interest : interests.values()) {
      if (interest.ready.isDone()) {
        interest.ready = new CompletableFuture<>();
      }
    }
  }

  /**
   * Confirms each subscription with a command of its own, whether or not Lettuce subscribes again
   * by itself, and leaves the channels left meanwhile.
   */
  private void subscriberUp() {
    StatefulRedisPubSubConnection<String, byte[]> connection = subscriber;
    if (connection == null || closed) {
      return;
    }
    subscriberConnected = true;
    for (Interest interest : interests.values()) {
      if (!interest.ready.isDone()) {
        subscribe(connection, interest);
      }
    }
    for (String channel : List.copyOf(stale)) {
      stale.remove(channel);
      unsubscribe(connection, channel);
    }
  }

  /** Takes a message from the subscriber connection's I/O thread to the inbox thread. */
  private void arrived(byte[] message) {
    try {
      inbox.execute(() -> received(message));
    } catch (RejectedExecutionException e) {
      Started self = started;
      if (!closed && self != null && inboxFull.compareAndSet(false, true)) {
        log.warn(
            "Dropping history publications: {} wait for delivery on this node already; the"
                + " subscriptions that miss them read them again",
            INBOX_CAPACITY);
        self.sink.failed(new IllegalStateException("history inbox full: publications dropped"));
      }
    }
  }

  /** Decodes a positioned publication and hands it to the sink. Runs on the inbox thread. */
  private void received(byte[] message) {
    Started self = started;
    if (self == null || closed) {
      return;
    }
    if (inboxFull.get()) {
      inboxFull.set(false);
    }
    Position position;
    Envelope envelope;
    try {
      int epochEnd = indexOf(message, 0);
      int offsetEnd = indexOf(message, epochEnd + 1);
      position =
          new Position(
              new String(message, 0, epochEnd, StandardCharsets.US_ASCII),
              Long.parseLong(
                  new String(
                      message, epochEnd + 1, offsetEnd - epochEnd - 1, StandardCharsets.US_ASCII)));
      envelope = WireFormat.decode(message, offsetEnd + 1).envelope(self.nodeId);
    } catch (IllegalArgumentException e) {
      if (malformedLogged.compareAndSet(false, true)) {
        log.warn(
            "Ignoring a malformed history publication (is another application using the"
                + " prefix?): {}",
            e.getMessage());
      }
      return;
    }
    try {
      self.sink.deliver(envelope, position);
    } catch (RuntimeException e) {
      log.warn("The sink failed on a publication of {}", envelope.target(), e);
    }
  }

  private static int indexOf(byte[] message, int from) {
    // Epochs and offsets are short: a separator further in is a malformed message.
    for (int i = from; i < Math.min(message.length, from + 40); i++) {
      if (message[i] == ':') {
        return i;
      }
    }
    throw new IllegalArgumentException("no position in a message of " + message.length + " bytes");
  }

  /** Drops the usage figures of topics this node has not appended to within their age. */
  private void forgetIdle() {
    long now = System.nanoTime();
    seen.values().removeIf(topic -> now - topic.at >= topic.retention.age().toNanos());
  }

  private boolean runOnScheduler(Runnable task) {
    try {
      scheduler.execute(task);
      return true;
    } catch (RejectedExecutionException e) {
      // The bridge is closing.
      return false;
    }
  }

  private static long idleTtl(long ageMillis) {
    long threeAges = ageMillis > Long.MAX_VALUE / 3 ? Long.MAX_VALUE : ageMillis * 3;
    return Math.max(threeAges, MIN_IDLE_TTL.toMillis());
  }

  private static long sizeOf(Envelope envelope) {
    Map<Payload, Boolean> counted = new IdentityHashMap<>();
    long size = 0;
    for (Payload payload : envelope.payloads().values()) {
      if (counted.put(payload, Boolean.TRUE) == null) {
        size += payload.size();
      }
    }
    return size;
  }

  private static RuntimeException wrap(Throwable error) {
    return error instanceof RuntimeException runtime
        ? runtime
        : new IllegalStateException(error.getMessage(), error);
  }

  private static byte[] ascii(long number) {
    return Long.toString(number).getBytes(StandardCharsets.US_ASCII);
  }

  private static String text(Object reply) {
    return new String((byte[]) reply, StandardCharsets.US_ASCII);
  }

  private static long number(Object reply) {
    return (Long) reply;
  }

  private static byte[] randomEpoch() {
    // 36^7 <= n < 36^8: always eight characters, as the in-memory history draws them.
    long low = 78_364_164_096L;
    return Long.toString(ThreadLocalRandom.current().nextLong(low, low * 36), 36)
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** Holds what {@link #start} fixed. Instances are immutable. */
  private record Started(String nodeId, byte[] origin, Sink sink) {}

  /** What this node last appended to a topic, for {@link #usage}. Instances are immutable. */
  private record Seen(long top, Retention retention, long size, long at) {}

  /**
   * A topic this node has members in. Confined to the scheduler thread; {@code ready} completes
   * once Redis confirmed the subscription to its channel, and is replaced while it must again.
   */
  private static final class Interest {
    final String topic;
    final String channel;
    CompletableFuture<Void> ready = new CompletableFuture<>();

    Interest(String topic, String channel) {
      this.topic = topic;
      this.channel = channel;
    }
  }

  /** Hears the subscriber connection's messages and state, on its I/O thread. */
  private final class Listener extends RedisPubSubAdapter<String, byte[]>
      implements RedisConnectionStateListener {

    @Override
    public void message(String channel, byte[] message) {
      arrived(message);
    }

    @Override
    public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
      if (connection == subscriber) {
        runOnScheduler(RedisHistory.this::subscriberUp);
      }
    }

    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
      if (connection == subscriber) {
        runOnScheduler(RedisHistory.this::subscriberDown);
      }
    }
  }

  /** What waits for the first connection to Redis: an append or a read, and its result. */
  private record Pending(Action action, CompletableFuture<?> result) {}

  /** Sends a command on the connection that opened. */
  @FunctionalInterface
  private interface Action {
    void run(RedisClusterAsyncCommands<String, byte[]> redis, Started self);
  }
}
