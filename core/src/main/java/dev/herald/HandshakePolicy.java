package dev.herald;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Bounds the HTTP upgrade request a peer sends before it is a WebSocket connection: the request
 * line, the header lines together, their number, and the time the whole handshake may take. Every
 * transport enforces it before anything is admitted: a request over a limit is answered 414 (the
 * request line) or 431 (the headers) and closed; one that takes longer than the timeout, counted
 * from the accepted socket (TLS included), is closed; nothing is upgraded on a request that was not
 * read whole.
 *
 * <pre>{@code
 * HandshakePolicy.defaults().maxHeaderBytes(16 * 1024).timeout(Duration.ofSeconds(3))
 * }</pre>
 *
 * <p>Instances are immutable; each method that takes a value returns a new policy.
 */
public final class HandshakePolicy {
  private static final HandshakePolicy DEFAULTS =
      new HandshakePolicy(4096, 8192, 100, Duration.ofSeconds(5));

  private final int maxRequestLine;
  private final int maxHeaderBytes;
  private final int maxHeaders;
  private final Duration timeout;

  private HandshakePolicy(
      int maxRequestLine, int maxHeaderBytes, int maxHeaders, Duration timeout) {
    this.maxRequestLine = maxRequestLine;
    this.maxHeaderBytes = maxHeaderBytes;
    this.maxHeaders = maxHeaders;
    this.timeout = timeout;
  }

  /**
   * Returns the defaults, those of Netty's HTTP codec and Tomcat: a request line of up to 4,096
   * bytes, 8,192 bytes of header lines, 100 headers, and 5 seconds for the handshake.
   */
  public static HandshakePolicy defaults() {
    return DEFAULTS;
  }

  /**
   * Returns this policy with the longest request line ({@code GET /path?query HTTP/1.1}) set to
   * {@code bytes}; a longer one is answered 414.
   *
   * @throws IllegalArgumentException if {@code bytes} is under 16
   */
  public HandshakePolicy maxRequestLine(int bytes) {
    if (bytes < 16) {
      throw new IllegalArgumentException("maxRequestLine < 16: " + bytes);
    }
    return new HandshakePolicy(bytes, maxHeaderBytes, maxHeaders, timeout);
  }

  /**
   * Returns this policy with the header lines together, line ends included, limited to {@code
   * bytes}, which also bounds each one; more is answered 431.
   *
   * @throws IllegalArgumentException if {@code bytes} is under 256
   */
  public HandshakePolicy maxHeaderBytes(int bytes) {
    if (bytes < 256) {
      throw new IllegalArgumentException("maxHeaderBytes < 256: " + bytes);
    }
    return new HandshakePolicy(maxRequestLine, bytes, maxHeaders, timeout);
  }

  /**
   * Returns this policy with at most {@code count} header lines; more is answered 431.
   *
   * @throws IllegalArgumentException if {@code count} is under 8
   */
  public HandshakePolicy maxHeaders(int count) {
    if (count < 8) {
      throw new IllegalArgumentException("maxHeaders < 8: " + count);
    }
    return new HandshakePolicy(maxRequestLine, maxHeaderBytes, count, timeout);
  }

  /**
   * Returns this policy giving a handshake {@code timeout} from the accepted socket to the upgrade,
   * after which the socket is closed.
   *
   * @throws IllegalArgumentException if {@code timeout} is not positive
   */
  public HandshakePolicy timeout(Duration timeout) {
    if (Objects.requireNonNull(timeout, "timeout").isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout is not positive: " + timeout);
    }
    return new HandshakePolicy(maxRequestLine, maxHeaderBytes, maxHeaders, timeout);
  }

  /** Returns the longest request line, in bytes (default 4,096). */
  public int maxRequestLine() {
    return maxRequestLine;
  }

  /** Returns the most bytes of header lines together (default 8,192). */
  public int maxHeaderBytes() {
    return maxHeaderBytes;
  }

  /** Returns the most header lines (default 100). */
  public int maxHeaders() {
    return maxHeaders;
  }

  /** Returns the time a handshake may take, from the accepted socket (default 5 s). */
  public Duration timeout() {
    return timeout;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof HandshakePolicy other
        && maxRequestLine == other.maxRequestLine
        && maxHeaderBytes == other.maxHeaderBytes
        && maxHeaders == other.maxHeaders
        && timeout.equals(other.timeout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxRequestLine, maxHeaderBytes, maxHeaders, timeout);
  }

  @Override
  public String toString() {
    return "HandshakePolicy[request line "
        + maxRequestLine
        + " bytes, headers "
        + maxHeaderBytes
        + " bytes / "
        + maxHeaders
        + ", timeout "
        + timeout
        + "]";
  }
}
