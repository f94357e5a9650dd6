package dev.herald.codec.msgpack;

import dev.herald.CodecException;
import dev.herald.spi.ClientFrame;
import dev.herald.spi.ClientProtocol;
import dev.herald.spi.Payload;
import dev.herald.spi.Position;
import dev.herald.spi.ProtocolException;
import dev.herald.spi.ServerFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

/**
 * Reads and writes the Herald client protocol as MessagePack, the subprotocol {@code
 * herald.v1.msgpack}: one map with string keys per binary frame, whose {@code data} is one
 * MessagePack value written by the application's codec and embedded as it is (see {@code
 * docs/protocol.md}).
 *
 * <p>Decoding first scans the whole frame as {@link MsgpackCodec} does (every declared length must
 * fit in the frame, nesting depth 128 with the frame's map, at most 1,000,000 values, strict UTF-8,
 * exactly one value), then returns the {@code data} as the exact bytes the client wrote. Integers
 * of any MessagePack format are read. Encoding writes each integer in its smallest format and
 * copies the data's bytes once, after checking that they hold one MessagePack value.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class MsgpackProtocol implements ClientProtocol {
  private static final MsgpackProtocol V1 = new MsgpackProtocol();

  private final MsgpackScanner frames =
      new MsgpackScanner(MsgpackCodec.MAX_NESTING_DEPTH, MsgpackCodec.MAX_VALUES);

  // The application's data is checked for shape only: its codec's mapper may allow deeper or
  // larger values than Herald reads from clients.
  private final MsgpackScanner data = new MsgpackScanner(Integer.MAX_VALUE, Integer.MAX_VALUE);

  private MsgpackProtocol() {}

  /** Returns the protocol {@code herald.v1.msgpack}. */
  public static MsgpackProtocol v1() {
    return V1;
  }

  /** Returns {@code herald.v1.msgpack}. */
  @Override
  public String name() {
    return "herald.v1.msgpack";
  }

  /**
   * Encodes {@code frame} as a binary frame, its keys in the order of {@code docs/protocol.md}.
   *
   * @throws IllegalArgumentException if the frame's data is not a binary payload holding one
   *     MessagePack value
   */
  @Override
  public Payload encode(ServerFrame frame) {
    Objects.requireNonNull(frame, "frame");
    Payload body;
    byte[] head;
    try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
      body = writeFields(packer, frame);
      head = packer.toByteArray();
    } catch (IOException e) {
      // A buffer packer never fails to write.
      throw new UncheckedIOException(e);
    }
    return body == null ? Payload.binary(head) : withData(head, body);
  }

  /**
   * Decodes a binary frame from a client.
   *
   * @throws ProtocolException if the payload is a text frame, is not one well-formed MessagePack
   *     map with string keys, exceeds a limit, or is not a frame of the protocol
   */
  @Override
  public ClientFrame decode(Payload payload) {
    if (!(payload instanceof Payload.Binary)) {
      throw new ProtocolException(
          ProtocolException.BAD_FRAME, null, "expected a MessagePack binary frame, got " + payload);
    }
    // msgpack reads arrays, and payloads hand out read-only buffers: one copy, as large as the
    // frame, which the inbound limit bounds.
    byte[] bytes = new byte[payload.size()];
    payload.bytes().get(bytes);
    try {
      frames.check(bytes);
    } catch (CodecException e) {
      throw new ProtocolException(
          ProtocolException.BAD_FRAME, null, String.valueOf(e.getMessage()));
    }
    return MsgpackFrameReader.read(bytes);
  }

  @Override
  public String toString() {
    return "MsgpackProtocol[herald.v1.msgpack]";
  }

  /**
   * Writes the map header and the fields of {@code frame}, ending with the key of its data if it
   * has some, and returns the data.
   */
  private static @Nullable Payload writeFields(MessagePacker out, ServerFrame frame)
      throws IOException {
    if (frame instanceof ServerFrame.Publication publication) {
      Position position = publication.position();
      out.packMapHeader(3 + size(position));
      type(out, "publication");
      out.packString("topic").packString(publication.topic());
      writePosition(out, position);
      out.packString("data");
      return publication.data();
    } else if (frame instanceof ServerFrame.Message message) {
      out.packMapHeader(2);
      type(out, "message");
      out.packString("data");
      return message.data();
    } else if (frame instanceof ServerFrame.Connected connected) {
      out.packMapHeader(4);
      type(out, "connected");
      out.packString("connection").packString(connected.connectionId());
      out.packString("client").packString(connected.clientId());
      out.packString("ping").packLong(connected.pingMillis());
    } else if (frame instanceof ServerFrame.Subscribed subscribed) {
      Long id = subscribed.id();
      Position position = subscribed.position();
      Boolean recovered = subscribed.recovered();
      out.packMapHeader(2 + size(id) + size(position) + size(recovered));
      type(out, "subscribed");
      writeId(out, id);
      out.packString("topic").packString(subscribed.topic());
      writePosition(out, position);
      if (recovered != null) {
        out.packString("recovered").packBoolean(recovered);
      }
    } else if (frame instanceof ServerFrame.Unsubscribed unsubscribed) {
      Long id = unsubscribed.id();
      out.packMapHeader(2 + size(id));
      type(out, "unsubscribed");
      writeId(out, id);
      out.packString("topic").packString(unsubscribed.topic());
    } else if (frame instanceof ServerFrame.Published published) {
      Position position = published.position();
      out.packMapHeader(3 + size(position));
      type(out, "published");
      out.packString("id").packLong(published.id());
      out.packString("topic").packString(published.topic());
      writePosition(out, position);
    } else if (frame instanceof ServerFrame.Error error) {
      Long id = error.id();
      out.packMapHeader(3 + size(id));
      type(out, "error");
      writeId(out, id);
      out.packString("code").packString(error.code());
      out.packString("message").packString(error.message());
    } else if (frame instanceof ServerFrame.Disconnect disconnect) {
      out.packMapHeader(5);
      type(out, "disconnect");
      out.packString("code").packInt(disconnect.code());
      out.packString("reason").packString(disconnect.reason());
      out.packString("reconnect").packBoolean(disconnect.reconnect());
      out.packString("after").packLong(disconnect.afterMillis());
    } else {
      out.packMapHeader(1);
      type(out, frame instanceof ServerFrame.Ping ? "ping" : "pong");
    }
    return null;
  }

  /** Returns how many keys an optional field takes: a position takes two. */
  private static int size(@Nullable Object field) {
    return field == null ? 0 : field instanceof Position ? 2 : 1;
  }

  private static void type(MessagePacker out, String type) throws IOException {
    out.packString("type").packString(type);
  }

  private static void writeId(MessagePacker out, @Nullable Long id) throws IOException {
    if (id != null) {
      out.packString("id").packLong(id);
    }
  }

  private static void writePosition(MessagePacker out, @Nullable Position position)
      throws IOException {
    if (position != null) {
      out.packString("epoch").packString(position.epoch());
      out.packString("offset").packLong(position.offset());
    }
  }

  /**
   * Returns the frame {@code head}, which ends with the data's key, then the bytes of {@code body}.
   */
  private Payload withData(byte[] head, Payload body) {
    if (!(body instanceof Payload.Binary)) {
      throw new IllegalArgumentException(
          "data of a MessagePack frame is not a binary payload: " + body);
    }
    int size = body.size();
    byte[] frame = Arrays.copyOf(head, head.length + size);
    body.bytes().get(frame, head.length, size);
    // The head awaits exactly one more value: the frame is one value if and only if the data is.
    try {
      data.check(frame);
    } catch (CodecException e) {
      throw new IllegalArgumentException(
          "data of a MessagePack frame is not one MessagePack value: " + e.getMessage(), e);
    }
    return Payload.binary(frame);
  }
}
