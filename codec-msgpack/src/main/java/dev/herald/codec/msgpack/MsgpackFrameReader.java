package dev.herald.codec.msgpack;

import dev.herald.spi.ClientFrame;
import dev.herald.spi.ClientFrameFields;
import dev.herald.spi.Payload;
import dev.herald.spi.Position;
import dev.herald.spi.ProtocolException;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * Reads one client frame from the bytes of a MessagePack binary frame that {@link MsgpackScanner}
 * has vouched for: one well-formed value within limits, whose lengths all fit. It reads every key
 * first, whatever their order, and judges the frame once its type is known: a key the type does not
 * define is ignored, however it is written, and an error names the request's id whenever the frame
 * had a valid one.
 *
 * <p>Not thread-safe: one instance reads one frame.
 */
final class MsgpackFrameReader {
  private final byte[] bytes;
  private final ClientFrameFields fields = new ClientFrameFields();

  private MsgpackFrameReader(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Reads the frame in {@code bytes}, scanned already.
   *
   * @throws ProtocolException if it is not a frame of the protocol
   */
  static ClientFrame read(byte[] bytes) {
    MsgpackFrameReader reader = new MsgpackFrameReader(bytes);
    reader.readKeys();
    return reader.fields.frame();
  }

  private void readKeys() {
    try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(bytes)) {
      MessageFormat first = unpacker.getNextFormat();
      if (first.getValueType() != ValueType.MAP) {
        throw fields.badFrame("frame is not a MessagePack map but " + first.getValueType());
      }
      int size = unpacker.unpackMapHeader();
      for (int i = 0; i < size; i++) {
        if (unpacker.getNextFormat().getValueType() != ValueType.STRING) {
          throw fields.badFrame(
              "key is not a string but " + unpacker.getNextFormat().getValueType());
        }
        readValue(unpacker, unpacker.unpackString());
      }
    } catch (MessagePackException | IOException e) {
      // The scan has vouched for the structure; whatever msgpack reports, the frame is unreadable.
      throw fields.badFrame("malformed MessagePack: " + e);
    }
  }

  private void readValue(MessageUnpacker unpacker, String name) throws IOException {
    ClientFrameFields.Key key = fields.key(name);
    if (key == null) {
      unpacker.skipValue();
      return;
    }
    switch (key) {
      case TYPE -> fields.type(string(unpacker));
      case ID -> fields.id(integer(unpacker));
      case TOPIC -> fields.topic(string(unpacker));
      case EPOCH -> fields.epoch(string(unpacker));
      case OFFSET -> fields.offset(integer(unpacker));
      case DATA -> {
        int start = Math.toIntExact(unpacker.getTotalReadBytes());
        unpacker.skipValue();
        int end = Math.toIntExact(unpacker.getTotalReadBytes());
        fields.data(Payload.binary(Arrays.copyOfRange(bytes, start, end)));
      }
    }
  }

  /** Reads the string at the unpacker, or skips the value and returns null if it is not one. */
  private static @Nullable String string(MessageUnpacker unpacker) throws IOException {
    if (unpacker.getNextFormat().getValueType() != ValueType.STRING) {
      unpacker.skipValue();
      return null;
    }
    return unpacker.unpackString();
  }

  /**
   * Reads the integer at the unpacker, of any integer format, and returns it; or returns -1 if it
   * is not one from 0 to 2^53-1, having skipped the value.
   */
  private static long integer(MessageUnpacker unpacker) throws IOException {
    MessageFormat format = unpacker.getNextFormat();
    if (format.getValueType() != ValueType.INTEGER) {
      unpacker.skipValue();
      return -1;
    }
    if (format == MessageFormat.UINT64) {
      // The one integer format a long may not hold.
      BigInteger number = unpacker.unpackBigInteger();
      return number.bitLength() <= 53 ? number.longValue() : -1;
    }
    long number = unpacker.unpackLong();
    return number < 0 || number > Position.MAX_OFFSET ? -1 : number;
  }
}
