package dev.herald.transport.jakarta;

import dev.herald.spi.Link;
import dev.herald.spi.Payload;
import java.io.ByteArrayOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * Puts together the messages the container hands over in parts, within the inbound limit: a message
 * over it is dropped as its parts arrive and closes the connection with 1009, so a peer that
 * declares a huge frame holds no more memory than it sent. The container's own buffers stay at
 * their small defaults; asked to take whole messages, they would each be the size of the limit, on
 * every connection.
 *
 * <p>Not thread-safe: the container delivers one session's parts from one thread at a time.
 */
final class Assembler {
  private final Link link;
  private final int max;
  private @Nullable StringBuilder text;
  private @Nullable ByteArrayOutputStream binary;
  private long size;
  private boolean dropping;

  Assembler(Link link, int max) {
    this.link = link;
    this.max = max;
  }

  void onText(String part, boolean last) {
    if (skipped(last)) {
      return;
    }
    StringBuilder held = text;
    // A character takes at most 3 bytes per char of UTF-16: only text that may be over is counted.
    if (held == null && last && part.length() <= max / 3) {
      link.onMessage(Payload.text(part));
      return;
    }
    size += utf8Length(part);
    if (size > max) {
      tooBig(last);
      return;
    }
    if (last) {
      link.onMessage(Payload.text(held == null ? part : held.append(part).toString()));
      reset();
    } else {
      text = held == null ? new StringBuilder(part) : held.append(part);
    }
  }

  void onBinary(byte[] part, boolean last) {
    if (skipped(last)) {
      return;
    }
    ByteArrayOutputStream held = binary;
    size += part.length;
    if (size > max) {
      tooBig(last);
      return;
    }
    if (held == null && last) {
      link.onMessage(Payload.binary(part));
      size = 0;
      return;
    }
    if (held == null) {
      held = new ByteArrayOutputStream(part.length * 2);
      binary = held;
    }
    held.writeBytes(part);
    if (last) {
      link.onMessage(Payload.binary(held.toByteArray()));
      reset();
    }
  }

  /** Returns whether the part belongs to a message over the limit, and so is dropped. */
  private boolean skipped(boolean last) {
    if (dropping) {
      dropping = !last;
      return true;
    }
    return false;
  }

  private void tooBig(boolean last) {
    reset();
    dropping = !last;
    link.onProtocolError(1009, "message too big");
  }

  private void reset() {
    text = null;
    binary = null;
    size = 0;
  }

  /** Counts the UTF-8 bytes of text the container decoded, so without lone surrogates. */
  private static long utf8Length(String text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        // The pair takes 4 bytes, counted here; its low half, maybe in the next part, adds none.
        bytes += 4;
      } else if (!Character.isLowSurrogate(c)) {
        bytes += 3;
      }
    }
    return bytes;
  }
}
