package dev.herald.spi;

import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

final class BuiltInCodecs implements Codec.Factory {
  static final BuiltInCodecs INSTANCE = new BuiltInCodecs();

  private BuiltInCodecs() {}

  @Override
  public @Nullable Codec<?> create(Type type) {
    if (type == String.class) {
      return Codec.text();
    }
    if (type == byte[].class) {
      return Codec.bytes();
    }
    if (type == ByteBuffer.class) {
      return Codec.byteBuffer();
    }
    return null;
  }
}
