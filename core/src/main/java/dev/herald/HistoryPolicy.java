package dev.herald;

import dev.herald.spi.History;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Which topics keep a history, and how much: by topic pattern, the first that matches deciding, a
 * count and an age for each; topics that match none keep nothing and carry no positions. Also the
 * most bytes an in-memory history holds across all topics, and how many entries one read of a
 * catch-up takes.
 *
 * <pre>{@code
 * HistoryPolicy.keep("room:*", 1000, Duration.ofMinutes(10))
 *     .keep("prices:*", 100, Duration.ofSeconds(30))
 *     .maxBytes(64 << 20)
 * }</pre>
 *
 * <p>Instances are immutable.
 */
public final class HistoryPolicy {
  private static final long DEFAULT_MAX_BYTES = 64L << 20;
  private static final int DEFAULT_READ_SIZE = 100;

  private final List<Rule> rules;
  private final long maxBytes;
  private final int readSize;

  private record Rule(String glob, Pattern pattern, History.Retention retention) {}

  private HistoryPolicy(List<Rule> rules, long maxBytes, int readSize) {
    this.rules = List.copyOf(rules);
    this.maxBytes = maxBytes;
    this.readSize = readSize;
  }

  /** Returns a policy under which no topic keeps a history. */
  public static HistoryPolicy none() {
    return new HistoryPolicy(List.of(), DEFAULT_MAX_BYTES, DEFAULT_READ_SIZE);
  }

  /** Returns a policy that keeps the topics matching {@code pattern}; see {@link #keep}. */
  public static HistoryPolicy of(String pattern, int count, Duration age) {
    return none().keep(pattern, count, age);
  }

  /**
   * Returns this policy with the topics matching {@code pattern}, and not an earlier pattern,
   * keeping their last {@code count} publications for {@code age}. In a pattern {@code *} matches
   * any characters; every other character matches itself.
   *
   * @throws IllegalArgumentException if {@code count < 1} or {@code age <= 0}
   */
  public HistoryPolicy keep(String pattern, int count, Duration age) {
    Objects.requireNonNull(pattern, "pattern");
    History.Retention retention = new History.Retention(count, age);
    List<Rule> more = new ArrayList<>(rules);
    more.add(new Rule(pattern, glob(pattern), retention));
    return new HistoryPolicy(more, maxBytes, readSize);
  }

  /**
   * Returns this policy with an in-memory history holding at most {@code bytes} of payloads across
   * all topics, the oldest entries going first, topic by topic. Default: 64 MiB.
   *
   * @throws IllegalArgumentException if {@code bytes < 1}
   */
  public HistoryPolicy maxBytes(long bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("bytes < 1: " + bytes);
    }
    return new HistoryPolicy(rules, bytes, readSize);
  }

  /**
   * Returns this policy with catch-ups reading {@code entries} at a time, between which they wait
   * for the connection to drain. Default: 100.
   *
   * @throws IllegalArgumentException if {@code entries < 1}
   */
  public HistoryPolicy readSize(int entries) {
    if (entries < 1) {
      throw new IllegalArgumentException("entries < 1: " + entries);
    }
    return new HistoryPolicy(rules, maxBytes, entries);
  }

  /** Returns how much of {@code topic} to keep, or null if it keeps no history. */
  public History.@Nullable Retention retention(String topic) {
    for (Rule rule : rules) {
      if (rule.pattern().matcher(topic).matches()) {
        return rule.retention();
      }
    }
    return null;
  }

  /** Returns whether some topic keeps a history. */
  public boolean keepsAny() {
    return !rules.isEmpty();
  }

  /** Returns the most payload bytes an in-memory history holds. */
  public long maxBytes() {
    return maxBytes;
  }

  /** Returns how many entries a catch-up reads at a time. */
  public int readSize() {
    return readSize;
  }

  private static Pattern glob(String pattern) {
    List<String> literals = new ArrayList<>();
    for (String literal : pattern.split("\\*", -1)) {
      literals.add(Pattern.quote(literal));
    }
    return Pattern.compile(String.join(".*", literals), Pattern.DOTALL);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("HistoryPolicy[");
    for (Rule rule : rules) {
      text.append(rule.glob())
          .append(" ")
          .append(rule.retention().count())
          .append("/")
          .append(rule.retention().age())
          .append(", ");
    }
    return text.append("max ").append(maxBytes).append(" bytes]").toString();
  }
}
