package dev.herald.redis;

import dev.herald.spi.Envelope;
import dev.herald.spi.Payload;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Writes and reads the bytes of one Redis Pub/Sub message that carries an {@link Envelope}.
 *
 * <pre>
 * offset  size  field
 *  0      1     magic 0x48 ('H')
 *  1      1     version 1
 *  2      1     kind: 0 ALL, 1 TOPIC, 2 CLIENT, 3 CONNECTION
 *  3      1     payload count n, 1-255
 *  4      8     origin epoch: random per broker instance, big-endian
 * 12      8     sequence number per (origin, channel), from 1, big-endian
 * 20      ...   origin node id, target, except: each a u16 length and UTF-8 bytes;
 *               except length 0xFFFF means none
 *  then n times: u8 frame type (0 text, 1 binary), u32 length, the payload bytes
 * </pre>
 *
 * <p>The receiving node of a CLIENT or CONNECTION envelope is the node whose channel carried it, so
 * it is not repeated. The class holds no state; its methods are thread-safe.
 */
final class WireFormat {
  static final int SEQUENCE_OFFSET = 12;
  private static final byte MAGIC = 0x48;
  private static final byte VERSION = 1;
  private static final int HEADER = 20;
  private static final int NONE = 0xFFFF;
  private static final Envelope.Kind[] KINDS = Envelope.Kind.values();

  private WireFormat() {}

  /**
   * Encodes {@code envelope} with sequence number zero; {@link #setSequence} fills it in.
   *
   * @throws IllegalArgumentException if a string is longer than 65,534 UTF-8 bytes or there are
   *     more than 255 payloads
   */
  static byte[] encode(Envelope envelope, byte[] origin, long epoch) {
    byte[] target = utf8(envelope.target());
    String exceptId = envelope.except();
    byte[] except = exceptId == null ? null : utf8(exceptId);
    List<Payload> payloads = envelope.payloads();
    if (payloads.size() > 255) {
      throw new IllegalArgumentException("more than 255 payloads: " + payloads.size());
    }
    int size = HEADER + 6 + origin.length + target.length + (except == null ? 0 : except.length);
    for (Payload payload : payloads) {
      size += 5 + payload.size();
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put(MAGIC).put(VERSION).put((byte) envelope.kind().ordinal()).put((byte) payloads.size());
    out.putLong(epoch).putLong(0);
    putString(out, origin);
    putString(out, target);
    if (except == null) {
      out.putShort((short) NONE);
    } else {
      putString(out, except);
    }
    for (Payload payload : payloads) {
      out.put(payload instanceof Payload.Text ? (byte) 0 : (byte) 1).putInt(payload.size());
      out.put(payload.bytes());
    }
    return out.array();
  }

  /** Writes {@code sequence} into a message that {@link #encode} made. */
  static void setSequence(byte[] message, long sequence) {
    ByteBuffer.wrap(message).putLong(SEQUENCE_OFFSET, sequence);
  }

  /**
   * Decodes a message.
   *
   * @throws IllegalArgumentException if the bytes are not a message of this format
   */
  static Message decode(byte[] bytes) {
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      byte magic = in.get();
      if (magic != MAGIC) {
        throw new IllegalArgumentException("not a Herald message: magic " + magic);
      }
      byte version = in.get();
      if (version != VERSION) {
        throw new IllegalArgumentException("unknown version: " + version);
      }
      int kind = in.get();
      if (kind < 0 || kind >= KINDS.length) {
        throw new IllegalArgumentException("unknown kind: " + kind);
      }
      int count = in.get() & 0xFF;
      if (count == 0) {
        throw new IllegalArgumentException("no payloads");
      }
      long epoch = in.getLong();
      long sequence = in.getLong();
      String origin = getString(in);
      String target = getString(in);
      String except = in.getShort(in.position()) == (short) NONE ? skipNone(in) : getString(in);
      List<Payload> payloads = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        int type = in.get();
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
          throw new IllegalArgumentException("payload length " + length + " > " + in.remaining());
        }
        byte[] payload = new byte[length];
        in.get(payload);
        payloads.add(
            switch (type) {
              case 0 -> Payload.utf8(payload);
              case 1 -> Payload.binary(payload);
              default -> throw new IllegalArgumentException("unknown frame type: " + type);
            });
      }
      if (in.hasRemaining()) {
        throw new IllegalArgumentException(in.remaining() + " bytes after the last payload");
      }
      return new Message(KINDS[kind], epoch, sequence, origin, target, except, payloads);
    } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("truncated message of " + bytes.length + " bytes", e);
    }
  }

  private static byte[] utf8(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    if (bytes.length >= NONE) {
      throw new IllegalArgumentException("longer than 65,534 UTF-8 bytes: " + bytes.length);
    }
    return bytes;
  }

  private static void putString(ByteBuffer out, byte[] bytes) {
    out.putShort((short) bytes.length).put(bytes);
  }

  private static String getString(ByteBuffer in) {
    int length = in.getShort() & 0xFFFF;
    if (length > in.remaining()) {
      throw new IllegalArgumentException("string length " + length + " > " + in.remaining());
    }
    String value = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
    in.position(in.position() + length);
    return value;
  }

  private static @Nullable String skipNone(ByteBuffer in) {
    in.getShort();
    return null;
  }

  /**
   * Holds one decoded message. Instances are immutable.
   *
   * @param kind whom the envelope addresses
   * @param epoch the origin broker's random instance number
   * @param sequence the number of this message on its channel, from its origin
   * @param origin the id of the node that published it
   * @param target the envelope's target
   * @param except the envelope's excepted connection id, or null
   * @param payloads the encoded message
   */
  record Message(
      Envelope.Kind kind,
      long epoch,
      long sequence,
      String origin,
      String target,
      @Nullable String except,
      List<Payload> payloads) {

    /** Returns the envelope, addressed to {@code node} for a CLIENT or CONNECTION kind. */
    Envelope envelope(String node) {
      boolean routed = kind == Envelope.Kind.CLIENT || kind == Envelope.Kind.CONNECTION;
      return Envelope.of(kind, target, routed ? node : null, except, payloads);
    }
  }
}
