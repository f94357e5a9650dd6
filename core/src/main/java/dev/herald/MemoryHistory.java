package dev.herald;

import dev.herald.spi.Envelope;
import dev.herald.spi.History;
import dev.herald.spi.Payload;
import dev.herald.spi.Position;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The history of a single node, in its heap: per topic, the last publications within the topic's
 * retention, and a budget of bytes across topics, the oldest entries of each topic going first in
 * turn. Each topic's log draws a random epoch when it is made, so a restart, or a log dropped after
 * it emptied, starts a new epoch.
 *
 * <p>A topic's lock is held while a publication is appended and handed to the sink, and while a
 * read copies entries: that is what makes a read and the live stream meet without a gap. The sink
 * only queues frames; it never blocks.
 *
 * <p>This class is thread-safe.
 */
final class MemoryHistory implements History {
  private static final Logger log = LoggerFactory.getLogger(MemoryHistory.class);
  private static final Duration EXPIRY_PERIOD = Duration.ofSeconds(1);

  private final Scheduler scheduler;
  private final long maxBytes;
  private final Map<String, TopicLog> logs = new ConcurrentHashMap<>();
  private final AtomicLong entries = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final Object evicting = new Object();
  // Guarded by evicting: where the budget's round of evictions stands among the topics.
  private @Nullable Iterator<TopicLog> evictionCursor;
  private volatile @Nullable Sink sink;
  private volatile @Nullable AutoCloseable expiry;

  MemoryHistory(Scheduler scheduler, long maxBytes) {
    this.scheduler = scheduler;
    this.maxBytes = maxBytes;
  }

  @Override
  public void start(String nodeId, Sink sink) {
    this.sink = sink;
    this.expiry = scheduler.repeat(EXPIRY_PERIOD, this::expire);
  }

  @Override
  public CompletionStage<Position> append(Envelope envelope, Retention retention) {
    Sink receiver = sink;
    if (receiver == null) {
      throw new IllegalStateException("not started");
    }
    Position position;
    Envelope kept = compact(envelope);
    long size = sizeOf(kept);
    while (true) {
      TopicLog topic = logs.computeIfAbsent(envelope.target(), TopicLog::new);
      synchronized (topic) {
        if (topic.dropped) {
          continue;
        }
        topic.retention = retention;
        position = topic.add(kept, size, scheduler.nanoTime());
        receiver.deliver(envelope, position);
      }
      break;
    }
    if (bytes.get() > maxBytes) {
      evict();
    }
    return CompletableFuture.completedFuture(position);
  }

  @Override
  public CompletionStage<Window> read(String topic, @Nullable Position since, int limit) {
    while (true) {
      TopicLog found = logs.computeIfAbsent(topic, TopicLog::new);
      synchronized (found) {
        if (!found.dropped) {
          found.trim(scheduler.nanoTime());
          return CompletableFuture.completedFuture(found.read(since, limit));
        }
      }
    }
  }

  @Override
  public void interestChanged(String topic) {}

  @Override
  public Usage usage() {
    return new Usage(logs.size(), entries.get(), bytes.get());
  }

  @Override
  public void close() {
    AutoCloseable task = expiry;
    if (task != null) {
      try {
        task.close();
      } catch (Exception e) {
        log.warn("Could not stop the history's expiry", e);
      }
    }
  }

  /** Drops expired entries, and the logs that are empty, idle and have no members here. */
  private void expire() {
    Sink receiver = sink;
    long now = scheduler.nanoTime();
    for (TopicLog topic : logs.values()) {
      synchronized (topic) {
        topic.trim(now);
        if (topic.isIdle(now) && (receiver == null || !receiver.hasLocalMembers(topic.name))) {
          topic.dropped = true;
          logs.remove(topic.name, topic);
        }
      }
    }
  }

  /** Drops the oldest entry of one topic after another until the history is within its budget. */
  private void evict() {
    synchronized (evicting) {
      int emptyInARow = 0;
      while (bytes.get() > maxBytes && emptyInARow <= logs.size()) {
        Iterator<TopicLog> cursor = evictionCursor;
        if (cursor == null || !cursor.hasNext()) {
          cursor = logs.values().iterator();
          evictionCursor = cursor;
          if (!cursor.hasNext()) {
            return;
          }
        }
        TopicLog topic = cursor.next();
        boolean evicted;
        synchronized (topic) {
          evicted = topic.dropOldest();
        }
        emptyInARow = evicted ? 0 : emptyInARow + 1;
      }
    }
  }

  /**
   * Returns the envelope with each text payload held as its UTF-8 bytes alone: a text payload may
   * hold its string as well, which would double what an entry weighs for as long as it is kept.
   */
  private static Envelope compact(Envelope envelope) {
    Map<Payload, Payload> compacted = new IdentityHashMap<>();
    Map<String, Payload> payloads = new LinkedHashMap<>();
    for (Map.Entry<String, Payload> entry : envelope.payloads().entrySet()) {
      payloads.put(
          entry.getKey(),
          compacted.computeIfAbsent(
              entry.getValue(),
              payload ->
                  payload instanceof Payload.Text ? Payload.utf8(bytesOf(payload)) : payload));
    }
    return Envelope.of(
        envelope.kind(),
        envelope.target(),
        envelope.node(),
        envelope.except(),
        payloads,
        envelope.delivery());
  }

  private static byte[] bytesOf(Payload payload) {
    ByteBuffer view = payload.bytes();
    byte[] bytes = new byte[view.remaining()];
    view.get(bytes);
    return bytes;
  }

  /** Returns the payload bytes of an envelope, counting a payload shared by protocols once. */
  private static long sizeOf(Envelope envelope) {
    Map<Payload, Boolean> seen = new IdentityHashMap<>();
    long size = 0;
    for (Payload payload : envelope.payloads().values()) {
      if (seen.put(payload, Boolean.TRUE) == null) {
        size += payload.size();
      }
    }
    return size;
  }

  private record Stored(long offset, Envelope envelope, long size, long at) {}

  /** One topic's entries, oldest first; guarded by its own monitor. */
  private final class TopicLog {
    final String name;
    final String epoch = randomEpoch();
    final ArrayDeque<Stored> stored = new ArrayDeque<>();
    @Nullable Retention retention;
    long top;
    long lastAppend;
    boolean dropped;

    TopicLog(String name) {
      this.name = name;
      this.lastAppend = scheduler.nanoTime();
    }

    Position add(Envelope envelope, long size, long now) {
      top++;
      lastAppend = now;
      stored.addLast(new Stored(top, envelope, size, now));
      entries.incrementAndGet();
      bytes.addAndGet(size);
      Retention kept = retention;
      while (kept != null && stored.size() > kept.count()) {
        dropOldest();
      }
      trim(now);
      return new Position(epoch, top);
    }

    Window read(@Nullable Position since, int limit) {
      Position latest = new Position(epoch, top);
      if (since == null) {
        return new Window(latest, true, List.of());
      }
      long oldestKept = top - stored.size();
      if (!since.epoch().equals(epoch) || since.offset() > top || since.offset() < oldestKept) {
        return new Window(latest, false, List.of());
      }
      List<Entry> after = new ArrayList<>();
      for (Stored entry : stored) {
        if (entry.offset() > since.offset()) {
          after.add(new Entry(new Position(epoch, entry.offset()), entry.envelope()));
          if (after.size() == limit) {
            break;
          }
        }
      }
      return new Window(latest, true, after);
    }

    void trim(long now) {
      Retention kept = retention;
      if (kept == null) {
        return;
      }
      long age = kept.age().toNanos();
      while (!stored.isEmpty() && now - stored.peekFirst().at() >= age) {
        dropOldest();
      }
    }

    boolean dropOldest() {
      Stored oldest = stored.pollFirst();
      if (oldest == null) {
        return false;
      }
      entries.decrementAndGet();
      bytes.addAndGet(-oldest.size());
      return true;
    }

    /** Returns whether nothing is kept and nothing came for longer than the retention's age. */
    boolean isIdle(long now) {
      Retention kept = retention;
      return stored.isEmpty() && (kept == null || now - lastAppend >= kept.age().toNanos());
    }
  }

  private static String randomEpoch() {
    // 36^7 <= n < 36^8: always eight characters.
    long low = 78_364_164_096L;
    return Long.toString(ThreadLocalRandom.current().nextLong(low, low * 36), 36);
  }
}
