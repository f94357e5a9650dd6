package dev.herald.codec.msgpack;

import dev.herald.CodecException;
import java.io.IOException;
import java.util.Arrays;
import org.msgpack.core.ExtensionTypeHeader;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageSizeException;
import org.msgpack.core.MessageUnpacker;

/**
 * Checks that a frame holds exactly one well-formed MessagePack value within limits, before any
 * decoder allocates for it. It reads headers only: every declared length is checked against the
 * bytes left in the frame, strings are checked to be UTF-8, nesting is tracked on an array rather
 * than on the call stack, and nothing is allocated in proportion to a declared length.
 *
 * <p>Instances are immutable and thread-safe.
 */
final class MsgpackScanner {

  private final int maxDepth;
  private final int maxValues;

  MsgpackScanner(int maxDepth, int maxValues) {
    if (maxDepth < 1) {
      throw new IllegalArgumentException("maxDepth < 1: " + maxDepth);
    }
    if (maxValues < 1) {
      throw new IllegalArgumentException("maxValues < 1: " + maxValues);
    }
    this.maxDepth = maxDepth;
    this.maxValues = maxValues;
  }

  /**
   * Checks {@code bytes}.
   *
   * @throws CodecException if they are empty, truncated, malformed, hold more than one value, or
   *     exceed a limit
   */
  void check(byte[] bytes) {
    if (bytes.length == 0) {
      throw new CodecException("empty MessagePack frame");
    }
    try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(bytes)) {
      scan(unpacker, bytes);
      if (unpacker.hasNext()) {
        throw new CodecException(
            "trailing bytes after the MessagePack value at offset " + unpacker.getTotalReadBytes());
      }
    } catch (MessageSizeException e) {
      // msgpack-core gives this one no message.
      throw new CodecException(
          "malformed MessagePack: a header declares a length of " + e.getSize() + ", over 2^31-1",
          e);
    } catch (MessagePackException | IOException e) {
      throw new CodecException("malformed MessagePack: " + e.getMessage(), e);
    }
  }

  private void scan(MessageUnpacker unpacker, byte[] bytes) throws IOException {
    // pending[d] counts the values still to read at depth d; depth 0 holds the one top-level value.
    // It grows with the nesting met, since an application's mapper may allow any depth.
    int[] pending = new int[Math.min(maxDepth, 16) + 1];
    pending[0] = 1;
    int depth = 0;
    int values = 0;
    while (depth >= 0) {
      if (pending[depth] == 0) {
        depth--;
        continue;
      }
      pending[depth]--;
      if (++values > maxValues) {
        throw new CodecException("MessagePack value holds more than " + maxValues + " values");
      }
      if (!unpacker.hasNext()) {
        throw new CodecException("truncated MessagePack: frame ends at offset " + bytes.length);
      }
      switch (unpacker.getNextFormat().getValueType()) {
        case ARRAY -> {
          int size = unpacker.unpackArrayHeader();
          // Each element takes at least one byte.
          checkLength("array", size, "elements", remaining(unpacker, bytes));
          depth++;
          pending = open(pending, depth, size);
        }
        case MAP -> {
          int size = unpacker.unpackMapHeader();
          long elements = 2L * size;
          checkLength("map", elements, "keys and values", remaining(unpacker, bytes));
          depth++;
          pending = open(pending, depth, (int) elements);
        }
        case STRING -> {
          int length = unpacker.unpackRawStringHeader();
          checkLength("string", length, "bytes", remaining(unpacker, bytes));
          int from = Math.toIntExact(unpacker.getTotalReadBytes());
          if (!Utf8.isValid(bytes, from, from + length)) {
            throw new CodecException(
                "MessagePack string at offset " + from + " is not valid UTF-8");
          }
          unpacker.readPayloadAsReference(length);
        }
        case BINARY -> {
          int length = unpacker.unpackBinaryHeader();
          checkLength("binary", length, "bytes", remaining(unpacker, bytes));
          unpacker.readPayloadAsReference(length);
        }
        case EXTENSION -> {
          ExtensionTypeHeader header = unpacker.unpackExtensionTypeHeader();
          checkLength("extension", header.getLength(), "bytes", remaining(unpacker, bytes));
          unpacker.readPayloadAsReference(header.getLength());
        }
        default -> unpacker.skipValue(); // nil, boolean, integer, float: a few bytes at most
      }
    }
  }

  /** Records {@code size} values to read at {@code depth}, growing {@code pending} if needed. */
  private int[] open(int[] pending, int depth, int size) {
    if (depth > maxDepth) {
      throw new CodecException("MessagePack nesting deeper than " + maxDepth);
    }
    int[] result = pending;
    if (depth == result.length) {
      result = Arrays.copyOf(result, (int) Math.min(maxDepth + 1L, 2L * result.length));
    }
    result[depth] = size;
    return result;
  }

  private static long remaining(MessageUnpacker unpacker, byte[] bytes) {
    return bytes.length - unpacker.getTotalReadBytes();
  }

  private static void checkLength(String what, long declared, String unit, long remaining) {
    if (declared > remaining) {
      throw new CodecException(
          "MessagePack "
              + what
              + " header declares "
              + declared
              + " "
              + unit
              + " but only "
              + remaining
              + " bytes remain in the frame");
    }
  }
}
