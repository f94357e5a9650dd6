package dev.herald.redis;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Follows the numbers of each stream (one origin's numbering on one channel) and tells how many
 * messages went missing. Numbers may arrive out of order, as the publishing node hands them to
 * Redis from many threads without a lock: a number not yet seen is a hole, filled if its message
 * comes late, and counted as missed once it is {@link #WINDOW} numbers behind or has waited through
 * a whole interval between two {@link #sweep}s. A mark (the last number the origin sent) makes the
 * end of a burst count without waiting for the next message.
 *
 * <p>Not thread-safe: confined to the thread that delivers what the broker receives.
 */
final class GapDetector {
  /** What {@link #message} returns for a message that must not be delivered: seen, or too late. */
  static final long DUPLICATE = -1;

  /**
   * How many numbers behind the highest a message may still arrive and be delivered: a sender
   * thread descheduled between taking its number and handing the message over falls this far behind
   * the others at most. The bits exist only while there are holes (8 KiB per stream).
   */
  static final int WINDOW = 1 << 16;

  // By channel, then by origin: one stream per origin and channel at a time, so that a message
  // finds its track without allocating a key.
  private final Map<String, Map<String, Track>> channels = new HashMap<>();
  private final Missed missed;

  /** Hears the messages found missing: on which channel, from which origin, how many. */
  interface Missed {
    void report(String channel, String origin, long count);
  }

  GapDetector(Missed missed) {
    this.missed = missed;
  }

  /**
   * Records that message {@code number} of {@code origin}'s {@code stream} arrived on {@code
   * channel}, and reports what it shows missing.
   *
   * @param unconfirmed how many numbers before it the origin never saw Redis take: holes for a node
   *     that sees the stream for the first time, which the others know of already
   * @return 0 to deliver it, {@link #DUPLICATE} to drop it
   */
  long message(
      String channel, String origin, long stream, long number, long unconfirmed, long now) {
    Track track = track(channel, origin, stream, number - unconfirmed, now);
    long result = track.message(number, now);
    report(channel, origin, track);
    return result;
  }

  /**
   * Records that {@code last} was the last number {@code origin} sent in {@code stream}, of which
   * the last {@code unconfirmed} were never seen taken by Redis.
   */
  void mark(String channel, String origin, long stream, long last, long unconfirmed, long now) {
    Track track = track(channel, origin, stream, last + 1 - unconfirmed, now);
    track.mark(last, now);
    report(channel, origin, track);
  }

  /**
   * Counts as missed the holes that were there at the previous sweep already, and forgets streams
   * silent for {@code idleNanos}. Called at a fixed interval: a late message has between one and
   * two intervals to arrive.
   */
  void sweep(long now, long idleNanos) {
    for (Iterator<Map.Entry<String, Map<String, Track>>> c = channels.entrySet().iterator();
        c.hasNext(); ) {
      Map.Entry<String, Map<String, Track>> channel = c.next();
      for (Iterator<Map.Entry<String, Track>> t = channel.getValue().entrySet().iterator();
          t.hasNext(); ) {
        Map.Entry<String, Track> entry = t.next();
        entry.getValue().expire();
        report(channel.getKey(), entry.getKey(), entry.getValue());
        if (now - entry.getValue().lastSeen > idleNanos) {
          t.remove();
        }
      }
      if (channel.getValue().isEmpty()) {
        c.remove();
      }
    }
  }

  /**
   * Forgets what arrived on {@code channel}, so that the first message after a fresh subscription
   * is not counted against the last one before it.
   */
  void forget(String channel) {
    channels.remove(channel);
  }

  /** Returns the number of streams followed, for tests of the pruning. */
  int streams() {
    int count = 0;
    for (Map<String, Track> tracks : channels.values()) {
      count += tracks.size();
    }
    return count;
  }

  /**
   * Returns the stream's track; for a stream seen first now, one whose first number here is {@code
   * first}: what the origin never saw Redis take is this node's to count, the rest before it not. A
   * new stream of an origin ends its earlier one on the channel (the origin restarted, or dropped
   * the silent stream): the holes left in that one are lost.
   */
  private Track track(String channel, String origin, long stream, long first, long now) {
    Map<String, Track> origins = channels.computeIfAbsent(channel, k -> new HashMap<>());
    Track track = origins.get(origin);
    if (track == null || track.stream != stream) {
      if (track != null && track.holes > 0) {
        missed.report(channel, origin, track.holes);
      }
      track = new Track(stream, Math.max(1, first), now);
      origins.put(origin, track);
    }
    return track;
  }

  private void report(String channel, String origin, Track track) {
    if (track.lost > 0) {
      long count = track.lost;
      track.lost = 0;
      missed.report(channel, origin, count);
    }
  }

  /**
   * The numbers seen of one stream. Every number at or below {@code highest} is seen, or a hole
   * whose bit in {@code seen} is clear; {@code seen} exists only while there are holes, and covers
   * the {@link #WINDOW} numbers up to {@code highest}.
   */
  private static final class Track {
    final long stream;
    private final long first;
    private long highest;
    private long @Nullable [] seen;
    // The highest number at the previous sweep: holes at or below it have waited long enough.
    private long checkpoint;
    long holes;
    long lost;
    long lastSeen;

    /** A stream first seen here at {@code first}: what came before is not this node's to count. */
    Track(long stream, long first, long now) {
      this.stream = stream;
      this.first = first;
      this.highest = first - 1;
      this.checkpoint = first - 1;
      this.lastSeen = now;
    }

    long message(long number, long now) {
      lastSeen = now;
      if (number > highest) {
        advance(number, true);
        return 0;
      }
      if (number < first) {
        // Sent before this node first saw the stream, and overtaken: deliver, count nothing.
        return 0;
      }
      if (highest - number >= WINDOW || isSet(number)) {
        return DUPLICATE;
      }
      set(number);
      if (--holes == 0) {
        seen = null;
      }
      return 0;
    }

    void mark(long last, long now) {
      lastSeen = now;
      if (last > highest) {
        // The mark says last was sent, not that it arrived: it stays a hole until it does.
        advance(last, false);
      }
    }

    /**
     * Moves the window up to {@code number}: the numbers between become holes, and the holes that
     * leave the window are lost.
     */
    private void advance(long number, boolean arrived) {
      if (number - highest > WINDOW) {
        lost += holes + (number - WINDOW - highest);
        holes = 0;
        seen = null;
        highest = number - WINDOW;
      }
      for (long n = highest + 1; n <= number; n++) {
        if (!isSet(n - WINDOW)) {
          lost++;
          holes--;
        }
        if (n == number && arrived) {
          set(n);
        } else {
          clear(n);
        }
      }
      highest = number;
      if (holes == 0) {
        seen = null;
      }
    }

    /** Counts as lost the holes at or below the checkpoint, and moves it up to the highest. */
    void expire() {
      for (long n = Math.max(first, Math.max(highest - WINDOW + 1, 1));
          holes > 0 && n <= checkpoint;
          n++) {
        if (!isSet(n)) {
          set(n);
          holes--;
          lost++;
        }
      }
      if (holes == 0) {
        seen = null;
      }
      checkpoint = highest;
    }

    private boolean isSet(long number) {
      long[] bits = seen;
      return bits == null || (bits[index(number)] & bit(number)) != 0;
    }

    private void set(long number) {
      long[] bits = seen;
      if (bits != null) {
        bits[index(number)] |= bit(number);
      }
    }

    private void clear(long number) {
      long[] bits = seen;
      if (bits == null) {
        bits = new long[WINDOW / 64];
        Arrays.fill(bits, -1L);
        seen = bits;
      }
      bits[index(number)] &= ~bit(number);
      holes++;
    }

    private static int index(long number) {
      return (int) (Math.floorMod(number, WINDOW) >>> 6);
    }

    private static long bit(long number) {
      return 1L << Math.floorMod(number, 64);
    }
  }
}
