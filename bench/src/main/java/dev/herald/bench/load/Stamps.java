package dev.herald.bench.load;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * Writes and reads the send time carried in each message, so that latency is measured end to end by
 * whoever receives it, however the server relays it. A message is {@code #}, 16 hex digits of the
 * time in nanoseconds since this process started, then filler up to the message size. The server's
 * prefixes ({@code Echo: }, {@code Client x says: }) never contain {@code #}.
 */
final class Stamps {
  static final byte MARK = '#';
  static final int DIGITS = 16;
  private static final long ORIGIN = System.nanoTime() - 1;
  private static final byte[] HEX =
      "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private Stamps() {}

  /** Returns the time in nanoseconds since this process started; always positive. */
  static long now() {
    return System.nanoTime() - ORIGIN;
  }

  /** Returns a message of {@code size} bytes whose stamp {@link #write} fills in. */
  static byte[] template(int size) {
    if (size < DIGITS + 1) {
      throw new IllegalArgumentException("message size < " + (DIGITS + 1) + ": " + size);
    }
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, (byte) 'x');
    bytes[0] = MARK;
    return bytes;
  }

  /** Writes {@code stamp} into a message that starts at {@code index} of {@code buf}. */
  static void write(ByteBuf buf, int index, long stamp) {
    for (int i = DIGITS; i > 0; i--) {
      buf.setByte(index + i, HEX[(int) (stamp & 0xF)]);
      stamp >>>= 4;
    }
  }

  /** Returns the stamp of the message in the readable bytes of {@code buf}, or -1 if none. */
  static long read(ByteBuf buf) {
    int start = buf.readerIndex();
    int end = buf.writerIndex();
    int mark = buf.indexOf(start, end, MARK);
    if (mark < 0 || mark + DIGITS >= end) {
      return -1;
    }
    long stamp = 0;
    for (int i = 1; i <= DIGITS; i++) {
      int c = buf.getByte(mark + i);
      int digit = c <= '9' ? c - '0' : c - 'a' + 10;
      if (digit < 0 || digit > 15) {
        return -1;
      }
      stamp = (stamp << 4) | digit;
    }
    return stamp;
  }
}
