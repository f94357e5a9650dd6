package dev.herald.redis;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Follows the sequence numbers of each (channel, origin) pair and tells how many messages went
 * missing between two that arrived.
 *
 * <p>This class is thread-safe; {@link #track} for one channel is meant to be called by one thread
 * at a time (the subscriber connection's I/O thread), {@link #forget} by any.
 */
final class GapDetector {
  /** What {@link #track} returns for a message seen already: deliver nothing. */
  static final long DUPLICATE = -1;

  private final Map<String, Map<String, Mark>> channels = new ConcurrentHashMap<>();

  /**
   * Records that message {@code sequence} of {@code origin}'s broker instance {@code epoch} arrived
   * on {@code channel}.
   *
   * @return the number of messages missed just before it, 0 if none or if this is the first seen
   *     from that instance on the channel, {@link #DUPLICATE} if it arrived already
   */
  long track(String channel, String origin, long epoch, long sequence) {
    Map<String, Mark> origins = channels.computeIfAbsent(channel, c -> new ConcurrentHashMap<>());
    Mark mark = origins.get(origin);
    if (mark == null || mark.epoch != epoch) {
      // A new origin, or one that restarted: nothing to compare with.
      origins.put(origin, new Mark(epoch, sequence));
      return 0;
    }
    if (sequence <= mark.last) {
      return DUPLICATE;
    }
    long missed = sequence - mark.last - 1;
    mark.last = sequence;
    return missed;
  }

  /**
   * Forgets what arrived on {@code channel}, so that the first message after a fresh subscription
   * is not counted against the last one before it.
   */
  void forget(String channel) {
    channels.remove(channel);
  }

  /** Holds the last sequence number seen from one origin instance on one channel. */
  private static final class Mark {
    final long epoch;
    volatile long last;

    Mark(long epoch, long last) {
      this.epoch = epoch;
      this.last = last;
    }
  }
}
