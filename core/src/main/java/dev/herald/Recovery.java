package dev.herald;

import dev.herald.spi.Envelope;
import dev.herald.spi.Frame;
import dev.herald.spi.History;
import dev.herald.spi.Position;
import dev.herald.spi.ProtocolException;
import dev.herald.spi.ServerFrame;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * What a manager with a {@link History} does with it: sends the publications of topics that keep
 * one through it, hands what it delivers, positioned, to the members here, and runs the catch-ups
 * of {@link Subscription}s on one thread of its own, between which no lock is held.
 *
 * <p>This class is thread-safe.
 */
final class Recovery<T> implements History.Sink {
  final LongAdder recoveries = new LongAdder();
  final LongAdder misses = new LongAdder();
  final LongAdder replayed = new LongAdder();
  private final History history;
  private final HistoryPolicy policy;
  private final Protocols<T> protocols;
  private final LocalConnections<T> connections;
  private final Counters counters;
  private final Executor executor;
  private final long pauseBytes;
  private final Consumer<Throwable> failures;

  Recovery(
      History history,
      HistoryPolicy policy,
      Protocols<T> protocols,
      LocalConnections<T> connections,
      Counters counters,
      Executor executor,
      long outboundLimit,
      Consumer<Throwable> failures) {
    this.history = history;
    this.policy = policy;
    this.protocols = protocols;
    this.connections = connections;
    this.counters = counters;
    this.executor = executor;
    this.pauseBytes = Math.max(1, outboundLimit / 2);
    this.failures = failures;
  }

  History history() {
    return history;
  }

  /** Returns how much of {@code topic} to keep, or null if it keeps no history. */
  History.@Nullable Retention retention(String topic) {
    return policy.retention(topic);
  }

  CompletionStage<Position> append(Envelope envelope, History.Retention retention) {
    try {
      return history.append(envelope, retention);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  CompletionStage<History.Window> read(String topic, @Nullable Position since) {
    try {
      return history.read(topic, since, policy.readSize());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Returns the queued bytes above which a catch-up waits for its connection to drain. */
  long pauseBytes() {
    return pauseBytes;
  }

  void schedule(Subscription<T> subscription) {
    executor.execute(subscription::pump);
  }

  void execute(Runnable task) {
    executor.execute(task);
  }

  /** Returns the frame of a history entry for {@code connection}, or null if it has none. */
  Frame.@Nullable Message frame(
      ManagedConnection<T> connection, String topic, History.Entry entry) {
    Outgoing<T> outgoing =
        new Outgoing<>(entry.envelope().payloads(), protocols, topic, entry.position());
    if (!outgoing.covers(connection.codec())) {
      counters.dropped(DropReason.NO_PAYLOAD);
      return null;
    }
    return outgoing.frame(connection.codec());
  }

  /** Ends a subscription whose position is ahead of its topic's. */
  void refuse(
      Subscription<T> subscription, @Nullable Long request, ManagedConnection<T> connection) {
    connection.reply(
        new ServerFrame.Error(
            request, ProtocolException.BAD_POSITION, "offset ahead of the topic's latest"));
    ClientSession<T> session = connection.session();
    if (session != null) {
      session.dropped(subscription);
    }
  }

  /** Ends a subscription whose history could not be read. */
  void readFailed(
      Subscription<T> subscription,
      @Nullable Long request,
      ManagedConnection<T> connection,
      @Nullable Throwable error) {
    failures.accept(error != null ? error : new IllegalStateException("history read failed"));
    connection.reply(
        new ServerFrame.Error(request, ClientSession.UNAVAILABLE, "history unavailable"));
    ClientSession<T> session = connection.session();
    if (session != null && session.dropped(subscription) && request == null) {
      connection.reply(new ServerFrame.Unsubscribed(null, subscription.topic()));
    }
  }

  void recovered() {
    recoveries.increment();
  }

  void missed() {
    misses.increment();
  }

  void replayed() {
    replayed.increment();
  }

  @Override
  public void deliver(Envelope envelope, Position position) {
    String topic = envelope.target();
    Outgoing<T> outgoing = new Outgoing<>(envelope.payloads(), protocols, topic, position);
    String except = envelope.except();
    for (ManagedConnection<T> target : connections.inTopic(topic)) {
      if (!target.isReady() || target.id().equals(except)) {
        continue;
      }
      int codec = target.codec();
      if (!outgoing.covers(codec)) {
        counters.dropped(DropReason.NO_PAYLOAD);
        continue;
      }
      ClientSession<T> session = target.session();
      if (session == null) {
        target.deliver(outgoing, envelope.delivery());
      } else {
        Subscription<T> subscription = session.subscription(topic);
        if (subscription != null) {
          subscription.offer(position, outgoing.frame(codec));
        }
      }
    }
  }

  @Override
  public boolean hasLocalMembers(String topic) {
    return connections.hasMembers(topic);
  }

  @Override
  public void failed(Throwable error) {
    failures.accept(error);
  }
}
