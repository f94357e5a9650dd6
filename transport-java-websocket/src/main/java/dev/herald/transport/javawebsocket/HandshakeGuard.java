package dev.herald.transport.javawebsocket;

import dev.herald.HandshakePolicy;
import dev.herald.RejectReason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads one connection's HTTP upgrade request ahead of Java-WebSocket, within a {@link
 * HandshakePolicy}, and holds it until its blank line has arrived. Java-WebSocket buffers a
 * handshake without limit and parses it all again on every read; here each byte is looked at once,
 * a request over a limit is refused as soon as it passes it, and Java-WebSocket gets the whole
 * request in one piece, which it then parses once.
 *
 * <p>Besides the limits, the guard refuses what Java-WebSocket would answer with a bare 404 or keep
 * buffering: a request line that is not {@code METHOD target HTTP/x.y} or a header line without a
 * name (400), and an upgrade to another WebSocket version than 13, such as Hixie-76 (426).
 *
 * <p>Not thread-safe: the selector thread's alone.
 */
final class HandshakeGuard {
  private static final int INITIAL_CAPACITY = 1024;

  private final HandshakePolicy policy;
  private ByteBuffer held = ByteBuffer.allocate(INITIAL_CAPACITY);
  private int scanned;
  private int lineStart;
  private boolean requestLineRead;
  private int headerLines;
  private int headerBytes;
  private boolean upgrade;
  private @Nullable String version;
  private boolean whole;
  private boolean refused;

  HandshakeGuard(HandshakePolicy policy) {
    this.policy = policy;
  }

  /** Why a request was refused, and what the peer is told. */
  record Refusal(RejectReason reason, int status, String why) {

    /** Returns the response: the status, and no body, and a close. */
    ByteBuffer response() {
      String head =
          "HTTP/1.1 "
              + status
              + " "
              + phrase()
              + "\r\n"
              + (status == 426 ? "Sec-WebSocket-Version: 13\r\n" : "")
              + "Content-Length: 0\r\nConnection: close\r\n\r\n";
      return ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII));
    }

    private String phrase() {
      return switch (status) {
        case 400 -> "Bad Request";
        case 408 -> "Request Timeout";
        case 414 -> "URI Too Long";
        case 426 -> "Upgrade Required";
        case 431 -> "Request Header Fields Too Large";
        default -> "Error";
      };
    }
  }

  /**
   * Takes the bytes the peer sent next and returns why the request is refused, or null if it is
   * still good: whole, or not yet. Once refused, or whole, takes nothing more.
   */
  @Nullable Refusal take(ByteBuffer bytes) {
    if (whole || refused) {
      return null;
    }
    if (held.remaining() < bytes.remaining()) {
      ByteBuffer larger =
          ByteBuffer.allocate(Math.max(held.capacity() * 2, held.position() + bytes.remaining()));
      held.flip();
      held = larger.put(held);
    }
    held.put(bytes);
    Refusal refusal = scan();
    if (refusal != null) {
      refused = true;
      held = ByteBuffer.allocate(0);
    } else if (whole) {
      held.flip();
    }
    return refusal;
  }

  /** Marks the request refused from outside, for a timeout: nothing more is taken or handed on. */
  void refuse() {
    refused = true;
    held = ByteBuffer.allocate(0);
  }

  /** Returns whether the request was refused. */
  boolean refused() {
    return refused;
  }

  /** Returns whether the whole request head is held, to be handed on. */
  boolean whole() {
    return whole;
  }

  /** Hands on as much of the held request, and of what followed it, as fits in {@code into}. */
  int handOver(ByteBuffer into) {
    int count = Math.min(into.remaining(), held.remaining());
    ByteBuffer part = held.duplicate();
    part.limit(part.position() + count);
    into.put(part);
    held.position(held.position() + count);
    return count;
  }

  /** Returns whether bytes held are left to hand on. */
  boolean handingOver() {
    return whole && held.hasRemaining();
  }

  private @Nullable Refusal scan() {
    int end = held.position();
    for (int i = scanned; i < end && !whole; i++) {
      if (held.get(i) == '\n') {
        Refusal refusal = line(lineStart, i > lineStart && held.get(i - 1) == '\r' ? i - 1 : i, i);
        if (refusal != null) {
          return refusal;
        }
        lineStart = i + 1;
      }
    }
    scanned = end;
    if (whole) {
      if (upgrade && !"13".equals(version)) {
        return new Refusal(RejectReason.MALFORMED, 426, "WebSocket version " + version);
      }
      return null;
    }
    // The line under way, before its end arrives; its CR may be in (the blank line's, too).
    int partial = end - lineStart;
    if (!requestLineRead && partial > policy.maxRequestLine() + 1) {
      return tooLongRequestLine();
    }
    if (requestLineRead && headerBytes + partial > policy.maxHeaderBytes() + 1) {
      return tooLargeHeaders();
    }
    return null;
  }

  /**
   * Checks the line from {@code start} to {@code end}, its line end excluded, ending at {@code lf}.
   */
  private @Nullable Refusal line(int start, int end, int lf) {
    if (!requestLineRead) {
      if (end - start > policy.maxRequestLine()) {
        return tooLongRequestLine();
      }
      requestLineRead = true;
      return isRequestLine(start, end)
          ? null
          : new Refusal(RejectReason.MALFORMED, 400, "malformed request line");
    }
    if (end == start) {
      whole = true;
      return null;
    }
    headerLines++;
    headerBytes += lf + 1 - start;
    if (headerBytes > policy.maxHeaderBytes()) {
      return tooLargeHeaders();
    }
    if (headerLines > policy.maxHeaders()) {
      return new Refusal(
          RejectReason.TOO_LARGE, 431, "more than " + policy.maxHeaders() + " header fields");
    }
    int colon = start;
    while (colon < end && isTokenChar(held.get(colon))) {
      colon++;
    }
    if (colon == start || colon == end || held.get(colon) != ':') {
      // Also a folded line (RFC 9112, 5.2): a server may refuse it with 400.
      return new Refusal(RejectReason.MALFORMED, 400, "malformed header field");
    }
    String name = ascii(start, colon);
    if (name.equalsIgnoreCase("Upgrade")) {
      upgrade |= ascii(colon + 1, end).toLowerCase(Locale.ROOT).contains("websocket");
    } else if (name.equalsIgnoreCase("Sec-WebSocket-Version")) {
      version = ascii(colon + 1, end).trim();
    }
    return null;
  }

  /** Returns whether the line is {@code METHOD SP target SP HTTP/x.y}. */
  private boolean isRequestLine(int start, int end) {
    int method = start;
    while (method < end && isTokenChar(held.get(method))) {
      method++;
    }
    if (method == start || method == end || held.get(method) != ' ') {
      return false;
    }
    int target = method + 1;
    while (target < end && held.get(target) > ' ' && held.get(target) < 0x7F) {
      target++;
    }
    if (target == method + 1 || target == end || held.get(target) != ' ') {
      return false;
    }
    String protocol = ascii(target + 1, end);
    return protocol.length() == 8
        && protocol.startsWith("HTTP/")
        && Character.isDigit(protocol.charAt(5))
        && protocol.charAt(6) == '.'
        && Character.isDigit(protocol.charAt(7));
  }

  private Refusal tooLongRequestLine() {
    return new Refusal(
        RejectReason.TOO_LARGE,
        414,
        "request line longer than " + policy.maxRequestLine() + " bytes");
  }

  private Refusal tooLargeHeaders() {
    return new Refusal(
        RejectReason.TOO_LARGE,
        431,
        "header fields larger than " + policy.maxHeaderBytes() + " bytes");
  }

  private String ascii(int start, int end) {
    byte[] bytes = new byte[end - start];
    held.get(start, bytes);
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  /** Returns whether {@code b} may be part of a token (RFC 9110, 5.6.2). */
  private static boolean isTokenChar(byte b) {
    return (b >= 'a' && b <= 'z')
        || (b >= 'A' && b <= 'Z')
        || (b >= '0' && b <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(b) >= 0;
  }
}
