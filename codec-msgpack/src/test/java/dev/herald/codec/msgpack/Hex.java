package dev.herald.codec.msgpack;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Writes MessagePack by hand, as hex, for tests to state exact bytes without msgpack-core. */
final class Hex {
  private Hex() {}

  /** Returns the bytes of {@code hex}, whose whitespace is ignored. */
  static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex.replaceAll("\\s", ""));
  }

  /** Returns {@code bytes} as lowercase hex without spaces. */
  static String of(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  /** Returns a MessagePack string: fixstr up to 31 bytes, str8 up to 255. */
  static String str(String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    String header =
        utf8.length < 32
            ? String.format("%02x", 0xA0 | utf8.length)
            : String.format("d9%02x", utf8.length);
    return header + of(utf8);
  }

  /** Returns a fixmap header of {@code size} entries. */
  static String map(int size) {
    return String.format("%02x", 0x80 | size);
  }
}
