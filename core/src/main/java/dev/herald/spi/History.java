package dev.herald.spi;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Keeps a bounded window of each topic's publications with their {@link Position}s, and delivers
 * each publication, positioned, to every node whose connections joined the topic: the node that
 * appends included, so that positions are assigned in one place. A manager with a history sends the
 * topics it keeps through it instead of its broker.
 *
 * <p>Two promises make recovery exact. Per topic, the sink receives publications in offset order.
 * And a read that starts after this node's sink could receive a topic's publications (the node has
 * members, {@link #interestChanged} was called) returns every entry still kept that the sink may
 * have missed: an entry is either in the read or delivered to the sink afterwards.
 *
 * <p>Implementations must be thread-safe, and every method but {@link #start} and {@link #close}
 * must never block.
 */
public interface History {

  /** Starts delivering publications to {@code sink}. Called once, by the manager, first. */
  void start(String nodeId, Sink sink);

  /**
   * Appends a publication to the envelope's topic, trims the topic to {@code retention}, and
   * delivers it to the sinks of the nodes with members.
   *
   * @return its position, or a failure if it was neither kept nor delivered
   */
  CompletionStage<Position> append(Envelope envelope, Retention retention);

  /**
   * Reads a topic's window after {@code since}.
   *
   * @param since the last position the reader has, or null to learn only the top
   * @param limit the most entries to return
   */
  CompletionStage<Window> read(String topic, @Nullable Position since, int limit);

  /**
   * Tells that this node's interest in {@code topic} may have changed; the history asks {@link
   * Sink#hasLocalMembers}.
   */
  void interestChanged(String topic);

  /** Returns what the history holds, from memory; may be an estimate. */
  Usage usage();

  /** Stops delivering and releases what the history holds on this node. */
  void close();

  /** Receives positioned publications. Implemented by the manager; thread-safe, non-blocking. */
  interface Sink {

    /** Delivers a publication to this node's members of its topic. */
    void deliver(Envelope envelope, Position position);

    /** Returns whether any connection of this node has joined {@code topic}. */
    boolean hasLocalMembers(String topic);

    /** Reports that the history could not deliver or keep publications. */
    void failed(Throwable error);
  }

  /**
   * How much of a topic to keep.
   *
   * @param count the most publications kept
   * @param age how long a publication is kept
   */
  record Retention(int count, Duration age) {
    public Retention {
      if (count < 1) {
        throw new IllegalArgumentException("count < 1: " + count);
      }
      if (age.isNegative() || age.isZero()) {
        throw new IllegalArgumentException("age <= 0: " + age);
      }
    }
  }

  /** One publication kept, where it stands. */
  record Entry(Position position, Envelope envelope) {
    public Entry {
      Objects.requireNonNull(position, "position");
      Objects.requireNonNull(envelope, "envelope");
    }
  }

  /**
   * A read's answer.
   *
   * @param top the position of the topic's latest publication, offset 0 if it has none
   * @param covered whether every publication after the asked position is still kept, in the same
   *     epoch; true when no position was asked
   * @param entries up to the limit of the publications after the asked position, oldest first;
   *     empty when not covered
   */
  record Window(Position top, boolean covered, List<Entry> entries) {
    public Window {
      Objects.requireNonNull(top, "top");
      entries = List.copyOf(entries);
    }
  }

  /**
   * What a history holds.
   *
   * @param topics the topics with entries
   * @param entries the entries kept
   * @param bytes the payload bytes of the entries kept
   */
  record Usage(long topics, long entries, long bytes) {}
}
