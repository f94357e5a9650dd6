package dev.herald.spi;

import java.util.Objects;

/**
 * Where a publication stands in a topic's history: its offset, counted from one and without holes
 * within an epoch, and the epoch, which changes when the history is lost (a restart of an in-memory
 * history, a Redis that restarted without persistence). Offsets of different epochs do not compare.
 *
 * @param epoch the epoch: 1-32 characters of {@code 0-9 a-z}
 * @param offset the offset, from 0 (nothing published yet) to {@link #MAX_OFFSET}
 */
public record Position(String epoch, long offset) {
  /** The largest offset, the largest integer a JavaScript number holds exactly: 2^53 - 1. */
  public static final long MAX_OFFSET = (1L << 53) - 1;

  /**
   * Checks the epoch and the offset.
   *
   * @throws IllegalArgumentException if either is out of range
   */
  public Position {
    Objects.requireNonNull(epoch, "epoch");
    if (!isEpoch(epoch)) {
      throw new IllegalArgumentException("epoch is not 1-32 of 0-9 a-z: " + epoch);
    }
    if (offset < 0 || offset > MAX_OFFSET) {
      throw new IllegalArgumentException("offset out of range: " + offset);
    }
  }

  /** Returns whether {@code epoch} is 1-32 characters of {@code 0-9 a-z}. */
  public static boolean isEpoch(String epoch) {
    if (epoch.isEmpty() || epoch.length() > 32) {
      return false;
    }
    for (int i = 0; i < epoch.length(); i++) {
      char c = epoch.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z')) {
        return false;
      }
    }
    return true;
  }
}
