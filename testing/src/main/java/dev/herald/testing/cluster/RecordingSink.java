package dev.herald.testing.cluster;

import dev.herald.spi.Envelope;
import dev.herald.spi.History;
import dev.herald.spi.Position;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for a manager behind a history: holds the topics a test gives it members in, and
 * records every positioned publication by topic, in the order delivered, and every failure.
 *
 * <p>This class is thread-safe.
 */
public final class RecordingSink implements History.Sink {
  /** The topics this node has members in; a test changes them, then tells the history. */
  public final Set<String> topics = ConcurrentHashMap.newKeySet();

  /** The failures reported, in order. */
  public final List<Throwable> failures = new CopyOnWriteArrayList<>();

  /** The names of the threads that delivered publications. */
  public final Set<String> threads = ConcurrentHashMap.newKeySet();

  private final Map<String, List<History.Entry>> delivered = new ConcurrentHashMap<>();

  /** Creates a sink with members in no topic. */
  public RecordingSink() {}

  @Override
  public void deliver(Envelope envelope, Position position) {
    threads.add(Thread.currentThread().getName());
    List<History.Entry> topic =
        delivered.computeIfAbsent(envelope.target(), ignored -> new ArrayList<>());
    synchronized (topic) {
      topic.add(new History.Entry(position, envelope));
    }
  }

  @Override
  public boolean hasLocalMembers(String topic) {
    return topics.contains(topic);
  }

  @Override
  public void failed(Throwable error) {
    failures.add(error);
  }

  /** Returns what was delivered of {@code topic} so far, in the order delivered. */
  public List<History.Entry> delivered(String topic) {
    List<History.Entry> entries = delivered.get(topic);
    if (entries == null) {
      return List.of();
    }
    synchronized (entries) {
      return List.copyOf(entries);
    }
  }

  /** Returns the offsets delivered of {@code topic} so far, in the order delivered. */
  public List<Long> offsets(String topic) {
    List<Long> offsets = new ArrayList<>();
    for (History.Entry entry : delivered(topic)) {
      offsets.add(entry.position().offset());
    }
    return offsets;
  }
}
