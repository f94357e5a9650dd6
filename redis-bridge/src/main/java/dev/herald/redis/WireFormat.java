package dev.herald.redis;

import dev.herald.ConnectionInfo;
import dev.herald.Delivery;
import dev.herald.spi.Control;
import dev.herald.spi.Envelope;
import dev.herald.spi.Payload;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Writes and reads the bytes of one Redis Pub/Sub message between nodes: an {@link Envelope}, a
 * {@link Control}, a mark (the last number of a stream, so that loss at the end of a burst shows)
 * or a request that every node send its marks again.
 *
 * <pre>
 * offset  size  field
 *  0      1     magic 0x48 ('H')
 *  1      1     version 2
 *  2      1     type: 0-3 envelope of kind ALL, TOPIC, CLIENT, CONNECTION; 4 control; 5 mark;
 *               6 mark request
 *  3      1     envelope: delivery (0 STANDARD, 1 VOLATILE, 2 CONTROL); control: action; else 0
 *  4      8     stream: random per (origin, channel) numbering, big-endian
 * 12      8     number in the stream, from 1 (a mark: the last one sent; 0 for a mark request)
 * 20      4     unconfirmed: how many numbers before this one the origin never saw Redis take
 * 24      ...   origin node id: a u16 length and UTF-8 bytes, as every string below
 * envelope: target; except (length 0xFFFF: none); u8 payload count n, 1-255; then n times
 *           protocol name, u8 frame type (0 text, 1 binary), u32 length, the payload bytes
 * control:  client id; argument; i32 code; i64 request; node (0xFFFF: none); u16 count, then
 *           count times id, client id, node, i64 connected-at epoch millis, u16 topic count, topics
 * </pre>
 *
 * <p>The node of a CONNECTION envelope is the node whose channel carried it, so it is not repeated.
 * The class holds no state; its methods are thread-safe.
 */
final class WireFormat {
  static final byte CONTROL = 4;
  static final byte MARK = 5;
  static final byte MARK_REQUEST = 6;
  private static final int NUMBER_OFFSET = 12;
  private static final byte MAGIC = 0x48;
  private static final byte VERSION = 2;
  private static final int HEADER = 24;
  private static final int NONE = 0xFFFF;
  private static final Envelope.Kind[] KINDS = Envelope.Kind.values();
  private static final Delivery[] DELIVERIES = Delivery.values();
  private static final Control.Action[] ACTIONS = Control.Action.values();

  private WireFormat() {}

  /**
   * Encodes {@code envelope} with number zero; {@link #number} fills it in.
   *
   * @throws IllegalArgumentException if a string is longer than 65,534 UTF-8 bytes or there are
   *     more than 255 payloads
   */
  static byte[] encode(Envelope envelope, byte[] origin) {
    byte[] target = utf8(envelope.target());
    String exceptId = envelope.except();
    byte[] except = exceptId == null ? null : utf8(exceptId);
    Map<String, Payload> payloads = envelope.payloads();
    if (payloads.size() > 255) {
      throw new IllegalArgumentException("more than 255 payloads: " + payloads.size());
    }
    List<byte[]> names = new ArrayList<>(payloads.size());
    int size = HEADER + 7 + origin.length + target.length + (except == null ? 0 : except.length);
    for (Map.Entry<String, Payload> entry : payloads.entrySet()) {
      byte[] name = utf8(entry.getKey());
      names.add(name);
      size += 7 + name.length + entry.getValue().size();
    }
    ByteBuffer out = header(size, (byte) envelope.kind().ordinal(), envelope.delivery().ordinal());
    putString(out, origin);
    putString(out, target);
    putNullable(out, except);
    out.put((byte) payloads.size());
    int i = 0;
    for (Payload payload : payloads.values()) {
      putString(out, names.get(i++));
      out.put(payload instanceof Payload.Text ? (byte) 0 : (byte) 1).putInt(payload.size());
      out.put(payload.bytes());
    }
    return out.array();
  }

  /**
   * Encodes {@code control} with number zero.
   *
   * @throws IllegalArgumentException if a string is longer than 65,534 UTF-8 bytes or more than
   *     65,535 connections are listed
   */
  static byte[] encode(Control control, byte[] origin) {
    List<byte[]> strings = new ArrayList<>();
    strings.add(utf8(control.clientId()));
    strings.add(utf8(control.argument()));
    String node = control.node();
    byte[] nodeBytes = node == null ? null : utf8(node);
    List<ConnectionInfo> connections = control.connections();
    if (connections.size() > NONE) {
      throw new IllegalArgumentException("more than 65,535 connections: " + connections.size());
    }
    int size = HEADER + 2 + origin.length + 12 + 2 + (nodeBytes == null ? 0 : nodeBytes.length) + 2;
    for (byte[] string : strings) {
      size += 2 + string.length;
    }
    List<List<byte[]>> described = new ArrayList<>();
    for (ConnectionInfo connection : connections) {
      List<byte[]> fields = new ArrayList<>();
      fields.add(utf8(connection.id()));
      fields.add(utf8(connection.clientId()));
      fields.add(utf8(connection.node()));
      for (String topic : connection.topics()) {
        fields.add(utf8(topic));
      }
      if (connection.topics().size() > NONE) {
        throw new IllegalArgumentException("more than 65,535 topics");
      }
      size += 8 + 2;
      for (byte[] field : fields) {
        size += 2 + field.length;
      }
      described.add(fields);
    }
    ByteBuffer out = header(size, CONTROL, control.action().ordinal());
    putString(out, origin);
    for (byte[] string : strings) {
      putString(out, string);
    }
    out.putInt(control.code()).putLong(control.request());
    putNullable(out, nodeBytes);
    out.putShort((short) connections.size());
    for (int c = 0; c < connections.size(); c++) {
      List<byte[]> fields = described.get(c);
      putString(out, fields.get(0));
      putString(out, fields.get(1));
      putString(out, fields.get(2));
      out.putLong(connections.get(c).connectedAt().toEpochMilli());
      out.putShort((short) (fields.size() - 3));
      for (byte[] topic : fields.subList(3, fields.size())) {
        putString(out, topic);
      }
    }
    return out.array();
  }

  /** Encodes a mark of {@code last} in {@code stream}, or with type MARK_REQUEST a request. */
  static byte[] signal(byte type, byte[] origin, long stream, long last, long unconfirmed) {
    ByteBuffer out = header(HEADER + 2 + origin.length, type, 0);
    putString(out, origin);
    byte[] bytes = out.array();
    number(bytes, stream, last, unconfirmed);
    return bytes;
  }

  /** Writes the stream, the number and the unconfirmed count into an encoded message. */
  static void number(byte[] message, long stream, long number, long unconfirmed) {
    ByteBuffer.wrap(message)
        .putLong(NUMBER_OFFSET - 8, stream)
        .putLong(NUMBER_OFFSET, number)
        .putInt(NUMBER_OFFSET + 8, (int) Math.min(unconfirmed, Integer.MAX_VALUE));
  }

  /**
   * Decodes a message.
   *
   * @throws IllegalArgumentException if the bytes are not a message of this format
   */
  static Message decode(byte[] bytes) {
    return decode(bytes, 0);
  }

  /**
   * Decodes a message that starts at {@code from} in {@code bytes} and ends with them.
   *
   * @throws IllegalArgumentException if the bytes are not a message of this format
   */
  static Message decode(byte[] bytes, int from) {
    try {
      // Wrapped at an offset, the buffer's positions still index the array, as getString needs.
      ByteBuffer in = ByteBuffer.wrap(bytes, from, bytes.length - from);
      byte magic = in.get();
      if (magic != MAGIC) {
        throw new IllegalArgumentException("not a Herald message: magic " + magic);
      }
      byte version = in.get();
      if (version != VERSION) {
        throw new IllegalArgumentException("unknown version: " + version);
      }
      int type = in.get();
      int mode = in.get() & 0xFF;
      long stream = in.getLong();
      long number = in.getLong();
      long unconfirmed = in.getInt() & 0xFFFFFFFFL;
      String origin = getString(in);
      Envelope envelope = null;
      Control control = null;
      if (type >= 0 && type < KINDS.length) {
        envelope = envelope(in, KINDS[type], of(DELIVERIES, mode, "delivery"));
      } else if (type == CONTROL) {
        control = control(in, of(ACTIONS, mode, "action"));
      } else if (type != MARK && type != MARK_REQUEST) {
        throw new IllegalArgumentException("unknown type: " + type);
      }
      if (in.hasRemaining()) {
        throw new IllegalArgumentException(in.remaining() + " bytes after the end");
      }
      return new Message((byte) type, stream, number, unconfirmed, origin, envelope, control);
    } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("truncated message of " + bytes.length + " bytes", e);
    }
  }

  private static Envelope envelope(ByteBuffer in, Envelope.Kind kind, Delivery delivery) {
    String target = getString(in);
    String except = getNullable(in);
    int count = in.get() & 0xFF;
    if (count == 0) {
      throw new IllegalArgumentException("no payloads");
    }
    Map<String, Payload> payloads = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      String name = getString(in);
      int frame = in.get();
      int length = in.getInt();
      if (length < 0 || length > in.remaining()) {
        throw new IllegalArgumentException("payload length " + length + " > " + in.remaining());
      }
      byte[] payload = new byte[length];
      in.get(payload);
      payloads.put(
          name,
          switch (frame) {
            case 0 -> Payload.utf8(payload);
            case 1 -> Payload.binary(payload);
            default -> throw new IllegalArgumentException("unknown frame type: " + frame);
          });
    }
    // The node of a CONNECTION envelope is filled in by Message.envelope.
    return Envelope.of(kind, target, "", except, payloads, delivery);
  }

  private static Control control(ByteBuffer in, Control.Action action) {
    String client = getString(in);
    String argument = getString(in);
    int code = in.getInt();
    long request = in.getLong();
    String node = getNullable(in);
    int count = in.getShort() & 0xFFFF;
    List<ConnectionInfo> connections = new ArrayList<>(Math.min(count, 64));
    for (int c = 0; c < count; c++) {
      String id = getString(in);
      String owner = getString(in);
      String at = getString(in);
      Instant connectedAt = Instant.ofEpochMilli(in.getLong());
      int topics = in.getShort() & 0xFFFF;
      Set<String> joined = new HashSet<>();
      for (int t = 0; t < topics; t++) {
        joined.add(getString(in));
      }
      connections.add(new ConnectionInfo(id, owner, at, connectedAt, joined));
    }
    if ((action == Control.Action.LIST || action == Control.Action.LISTED) && node == null) {
      throw new IllegalArgumentException("a " + action + " without a node");
    }
    return new Control(action, client, argument, code, request, node, connections);
  }

  private static ByteBuffer header(int size, byte type, int mode) {
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put(MAGIC).put(VERSION).put(type).put((byte) mode);
    out.putLong(0).putLong(0).putInt(0);
    return out;
  }

  private static <E> E of(E[] values, int ordinal, String what) {
    if (ordinal >= values.length) {
      throw new IllegalArgumentException("unknown " + what + ": " + ordinal);
    }
    return values[ordinal];
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

  private static void putNullable(ByteBuffer out, byte @Nullable [] bytes) {
    if (bytes == null) {
      out.putShort((short) NONE);
    } else {
      putString(out, bytes);
    }
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

  private static @Nullable String getNullable(ByteBuffer in) {
    if (in.getShort(in.position()) == (short) NONE) {
      in.getShort();
      return null;
    }
    return getString(in);
  }

  /**
   * Holds one decoded message. Instances are immutable.
   *
   * @param type the type byte: an envelope's kind, {@link #CONTROL}, {@link #MARK} or {@link
   *     #MARK_REQUEST}
   * @param stream the origin's random number of the stream this message is numbered in
   * @param number its number in the stream; for a mark the last number sent
   * @param unconfirmed how many numbers before it the origin never saw Redis take
   * @param origin the id of the node that published it
   * @param envelope the envelope, for an envelope type
   * @param control the control, for {@link #CONTROL}
   */
  record Message(
      byte type,
      long stream,
      long number,
      long unconfirmed,
      String origin,
      @Nullable Envelope envelope,
      @Nullable Control control) {

    /** Returns the envelope, a CONNECTION one addressed to {@code node}. */
    Envelope envelope(String node) {
      Envelope e = Objects.requireNonNull(envelope, "not an envelope");
      return e.kind() == Envelope.Kind.CONNECTION
          ? Envelope.of(e.kind(), e.target(), node, e.except(), e.payloads(), e.delivery())
          : e;
    }
  }
}
