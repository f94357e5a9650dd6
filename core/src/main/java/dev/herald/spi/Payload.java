package dev.herald.spi;

import dev.herald.CodecException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Holds the bytes of one WebSocket message: a {@link Text} frame or a {@link Binary} frame.
 *
 * <p>Instances are immutable. A payload is encoded once and shared by every connection a message
 * goes to, so nothing may change its bytes after it was created.
 */
public sealed interface Payload permits Payload.Text, Payload.Binary {

  /** Returns a read-only view of the bytes (UTF-8 for text), positioned at zero. */
  ByteBuffer bytes();

  /** Returns the number of bytes (for text: of its UTF-8 form). */
  int size();

  /** Returns a text payload holding {@code text}. */
  static Text text(String text) {
    return new Text(text, null);
  }

  /**
   * Returns a text payload whose UTF-8 bytes are {@code utf8}. The array is not copied: the caller
   * hands it over and must not change it afterwards.
   */
  static Text utf8(byte[] utf8) {
    return new Text(null, utf8);
  }

  /**
   * Returns a text payload of {@code utf8}, decoded now: for a transport that must refuse a text
   * frame that is not UTF-8 (RFC 6455 closes it with 1007), so that the check and the decoding are
   * one pass, and a codec of strings takes the text without decoding it again. The array is not
   * copied: the caller hands it over and must not change it afterwards.
   *
   * @throws CodecException if the bytes are not valid UTF-8
   */
  static Text decodedUtf8(byte[] utf8) {
    return new Text(Text.decode(utf8), utf8);
  }

  /**
   * Returns a binary payload of {@code bytes}. The array is not copied: the caller hands it over
   * and must not change it afterwards.
   */
  static Binary binary(byte[] bytes) {
    return new Binary(bytes);
  }

  /** Returns a binary payload holding a copy of the remaining bytes of {@code buffer}. */
  static Binary copyOf(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return new Binary(bytes);
  }

  /**
   * A text frame. It keeps whichever form it was made from, string or UTF-8 bytes, and computes the
   * other once, on first use.
   */
  final class Text implements Payload {
    private volatile @Nullable String text;
    private volatile byte @Nullable [] utf8;

    private Text(@Nullable String text, byte @Nullable [] utf8) {
      if (text == null && utf8 == null) {
        throw new NullPointerException("text");
      }
      this.text = text;
      this.utf8 = utf8;
    }

    /**
     * Returns the text.
     *
     * @throws CodecException if the payload was made from bytes that are not valid UTF-8
     */
    public String text() {
      String result = text;
      if (result == null) {
        result = decode(utf8Bytes());
        text = result;
      }
      return result;
    }

    @Override
    public ByteBuffer bytes() {
      return ByteBuffer.wrap(utf8Bytes()).asReadOnlyBuffer();
    }

    @Override
    public int size() {
      return utf8Bytes().length;
    }

    /** Returns the UTF-8 bytes themselves, for a frame to copy; never to be changed. */
    byte[] utf8Bytes() {
      byte[] result = utf8;
      if (result == null) {
        result = text().getBytes(StandardCharsets.UTF_8);
        utf8 = result;
      }
      return result;
    }

    private static String decode(byte[] bytes) {
      // The JDK's decoder replaces every malformed sequence (overlong forms and encoded surrogates
      // included) with U+FFFD, and is intrinsified: without a U+FFFD in its result the bytes were
      // valid, and only text that has one pays for the strict decoder that tells which.
      String text = new String(bytes, StandardCharsets.UTF_8);
      if (text.indexOf('\uFFFD') < 0) {
        return text;
      }
      try {
        return StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes))
            .toString();
      } catch (CharacterCodingException e) {
        throw new CodecException("text frame is not valid UTF-8", e);
      }
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Text other && Arrays.equals(utf8Bytes(), other.utf8Bytes());
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(utf8Bytes());
    }

    @Override
    public String toString() {
      return "Text[" + size() + " bytes]";
    }
  }

  /** A binary frame. */
  final class Binary implements Payload {
    private final byte[] bytes;

    private Binary(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public ByteBuffer bytes() {
      return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    @Override
    public int size() {
      return bytes.length;
    }

    /** Returns the bytes themselves, for a frame to copy; never to be changed. */
    byte[] array() {
      return bytes;
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Binary other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "Binary[" + bytes.length + " bytes]";
    }
  }
}
