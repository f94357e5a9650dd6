package dev.herald.spi;

import dev.herald.CodecException;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * Turns application messages of type {@code T} into {@link Payload}s and back.
 *
 * <p>Implementations must be thread-safe: one codec serves every connection of a manager at once. A
 * broadcast calls {@link #encode} once, whatever the number of targets.
 *
 * @param <T> the application's message type
 */
public interface Codec<T> {

  /**
   * Encodes {@code message}.
   *
   * @throws CodecException if the message cannot be encoded
   */
  Payload encode(T message);

  /**
   * Decodes one inbound message.
   *
   * @throws CodecException if the payload is malformed, of the wrong frame type, or exceeds a limit
   *     of the codec; never an {@link Error} for hostile input
   */
  T decode(Payload payload);

  /** Returns the built-in codec of {@code String} messages as text frames. */
  static Codec<String> text() {
    return TextCodec.INSTANCE;
  }

  /** Returns the built-in codec of {@code byte[]} messages as binary frames. */
  static Codec<byte[]> bytes() {
    return BytesCodec.INSTANCE;
  }

  /**
   * Returns the built-in codec of {@code ByteBuffer} messages as binary frames. Encoding copies the
   * buffer's remaining bytes, so the caller may reuse it; decoded buffers are read-only.
   */
  static Codec<ByteBuffer> byteBuffer() {
    return ByteBufferCodec.INSTANCE;
  }

  /**
   * Creates codecs for the types it knows. A manager built for a message type asks its factories in
   * order, the built-in one first, and takes the first codec returned.
   *
   * <p>Implementations must be thread-safe.
   */
  interface Factory {

    /** Returns a codec for {@code type}, or null if this factory does not handle it. */
    @Nullable Codec<?> create(Type type);

    /**
     * Returns the factory of the built-in codecs: {@code String}, {@code byte[]}, {@code
     * ByteBuffer}.
     */
    static Factory builtIn() {
      return BuiltInCodecs.INSTANCE;
    }
  }
}
