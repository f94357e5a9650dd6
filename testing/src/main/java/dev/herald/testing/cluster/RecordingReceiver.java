package dev.herald.testing.cluster;

import dev.herald.Gap;
import dev.herald.spi.Broker;
import dev.herald.spi.Control;
import dev.herald.spi.Envelope;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Stands in for a manager behind a broker: holds the topics and clients a test gives it, and
 * records every envelope, control, gap and state change, with the names of the threads that
 * delivered them.
 *
 * <p>This class is thread-safe.
 */
public final class RecordingReceiver implements Broker.Receiver {
  /** The topics this node has members in; a test changes them, then tells the broker. */
  public final Set<String> topics = ConcurrentHashMap.newKeySet();

  /** The clients this node holds; a test changes them, then tells the broker. */
  public final Set<String> clients = ConcurrentHashMap.newKeySet();

  /** The gaps reported, in order. */
  public final List<Gap> gaps = new CopyOnWriteArrayList<>();

  /** The names of the threads that delivered envelopes and controls. */
  public final Set<String> threads = ConcurrentHashMap.newKeySet();

  private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
  private final AtomicInteger connected = new AtomicInteger();
  private final AtomicInteger disconnected = new AtomicInteger();
  private final AtomicInteger publishFailures = new AtomicInteger();

  /** Creates a receiver that holds nothing. */
  public RecordingReceiver() {}

  @Override
  public void deliver(Envelope envelope) {
    threads.add(Thread.currentThread().getName());
    received.add(envelope);
  }

  @Override
  public void control(Control control) {
    threads.add(Thread.currentThread().getName());
    received.add(control);
  }

  @Override
  public boolean hasLocalMembers(String topic) {
    return topics.contains(topic);
  }

  @Override
  public boolean holdsClient(String clientId) {
    return clients.contains(clientId);
  }

  @Override
  public void gap(Gap gap) {
    gaps.add(gap);
  }

  @Override
  public void connected() {
    connected.incrementAndGet();
  }

  @Override
  public void disconnected() {
    disconnected.incrementAndGet();
  }

  @Override
  public void publishFailed() {
    publishFailures.incrementAndGet();
  }

  /** Returns the next envelope or control received, waiting up to {@code timeout}; else null. */
  public @Nullable Object poll(Duration timeout) {
    try {
      return received.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Returns how many times the broker said it is connected. */
  public int connections() {
    return connected.get();
  }

  /** Returns how many times the broker said it lost its store. */
  public int disconnections() {
    return disconnected.get();
  }

  /** Returns how many sends the broker failed to hand over. */
  public int publishFailures() {
    return publishFailures.get();
  }
}
