package dev.herald.spi;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Holds one entry of a connection's outbound stream, as a transport's writer takes it from {@link
 * Link#poll()}: a {@link Message}, a {@link Ping} or the {@link Close}. Each knows its RFC 6455
 * wire form (an unmasked server frame, FIN set, no extension), which a transport that writes bytes
 * copies out with {@link #copyTo}; a transport whose library frames by itself reads the payload or
 * the close code instead. {@link #writeTo} hands the bytes over without copying them at all.
 *
 * <p>Instances are immutable: one frame goes to every target of a broadcast, from many threads.
 */
public sealed interface Frame permits Frame.Message, Frame.Ping, Frame.Close {

  /** Returns the number of bytes this frame takes on the wire, header included. */
  int size();

  /**
   * Copies the wire bytes from {@code offset} on into {@code destination}, as many as it has room
   * for, and advances its position.
   *
   * @return the number of bytes copied
   * @throws IndexOutOfBoundsException if {@code offset} is not within 0 and {@link #size()}
   */
  int copyTo(int offset, ByteBuffer destination);

  /**
   * Hands the wire bytes to {@code sink}, in order, in pieces that are valid only during the call
   * and that the sink must not change: the frame's own bytes, shared by every target.
   */
  void writeTo(Sink sink);

  /** Receives a frame's wire bytes from {@link #writeTo}, one piece at a time. */
  @FunctionalInterface
  interface Sink {

    /** Takes {@code length} bytes of {@code bytes} from {@code offset}. */
    void write(byte[] bytes, int offset, int length);
  }

  /** Returns a frame carrying {@code payload}, as a text or binary frame. */
  static Message of(Payload payload) {
    return new Message(payload);
  }

  /** Returns the ping frame, without payload. */
  static Ping ping() {
    return Ping.INSTANCE;
  }

  /**
   * Returns a close frame.
   *
   * @param code a close code a server may send
   * @param reason at most 123 bytes of UTF-8
   * @throws IllegalArgumentException if the reason is longer
   */
  static Close close(int code, String reason) {
    return new Close(code, reason);
  }

  /** A text or binary message. */
  final class Message implements Frame {
    private final Payload payload;
    private final byte[] header;
    private final byte[] body;

    private Message(Payload payload) {
      this.payload = Objects.requireNonNull(payload, "payload");
      this.body =
          payload instanceof Payload.Text text
              ? text.utf8Bytes()
              : ((Payload.Binary) payload).array();
      this.header = header(payload instanceof Payload.Text ? 0x1 : 0x2, body.length);
    }

    /** Returns the message. */
    public Payload payload() {
      return payload;
    }

    @Override
    public int size() {
      return header.length + body.length;
    }

    @Override
    public int copyTo(int offset, ByteBuffer destination) {
      Objects.checkIndex(offset, size() + 1);
      int copied = 0;
      if (offset < header.length) {
        int n = Math.min(header.length - offset, destination.remaining());
        destination.put(header, offset, n);
        copied = n;
      }
      int from = Math.max(0, offset - header.length);
      int n = Math.min(body.length - from, destination.remaining());
      destination.put(body, from, n);
      return copied + n;
    }

    @Override
    public void writeTo(Sink sink) {
      sink.write(header, 0, header.length);
      sink.write(body, 0, body.length);
    }

    @Override
    public String toString() {
      return "Frame.Message[" + payload + "]";
    }
  }

  /** A ping, without payload; the peer answers with a pong. */
  final class Ping extends FixedFrame implements Frame {
    private static final Ping INSTANCE = new Ping();

    private Ping() {
      super(new byte[] {(byte) 0x89, 0});
    }

    @Override
    public String toString() {
      return "Frame.Ping";
    }
  }

  /** The close frame: the last frame of a connection's stream. */
  final class Close extends FixedFrame implements Frame {
    private final int code;
    private final String reason;

    private Close(int code, String reason) {
      super(wire(code, reason));
      this.code = code;
      this.reason = reason;
    }

    /** Returns the close code. */
    public int code() {
      return code;
    }

    /** Returns the close reason, possibly empty. */
    public String reason() {
      return reason;
    }

    @Override
    public String toString() {
      return "Frame.Close[" + code + " " + reason + "]";
    }

    private static byte[] wire(int code, String reason) {
      byte[] text = reason.getBytes(StandardCharsets.UTF_8);
      if (text.length > 123) {
        throw new IllegalArgumentException("close reason over 123 bytes: " + reason);
      }
      byte[] head = header(0x8, 2 + text.length);
      byte[] wire = new byte[head.length + 2 + text.length];
      System.arraycopy(head, 0, wire, 0, head.length);
      wire[head.length] = (byte) (code >>> 8);
      wire[head.length + 1] = (byte) code;
      System.arraycopy(text, 0, wire, head.length + 2, text.length);
      return wire;
    }
  }

  /** Returns the header of an unmasked final frame with {@code opcode} and {@code length} bytes. */
  private static byte[] header(int opcode, int length) {
    byte first = (byte) (0x80 | opcode);
    if (length < 126) {
      return new byte[] {first, (byte) length};
    }
    if (length <= 0xFFFF) {
      return new byte[] {first, 126, (byte) (length >>> 8), (byte) length};
    }
    // A Java array holds at most 2^31 - 1 bytes: the four high bytes of the length stay zero.
    return new byte[] {
      first,
      127,
      0,
      0,
      0,
      0,
      (byte) (length >>> 24),
      (byte) (length >>> 16),
      (byte) (length >>> 8),
      (byte) length
    };
  }
}
