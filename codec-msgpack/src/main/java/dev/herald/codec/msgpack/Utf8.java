package dev.herald.codec.msgpack;

/**
 * Validates UTF-8 strictly (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
 * msgpack-core and its Jackson parser replace malformed bytes with U+FFFD instead of failing.
 */
final class Utf8 {

  private Utf8() {}

  /** Returns whether {@code bytes[from, to)} is well-formed UTF-8. */
  static boolean isValid(byte[] bytes, int from, int to) {
    int i = from;
    while (i < to) {
      int b = bytes[i];
      if (b >= 0) {
        i++;
        continue;
      }
      b &= 0xFF;
      int continuations;
      int secondLow = 0x80;
      int secondHigh = 0xBF;
      if (b >= 0xC2 && b <= 0xDF) {
        continuations = 1;
      } else if (b >= 0xE0 && b <= 0xEF) {
        continuations = 2;
        if (b == 0xE0) {
          secondLow = 0xA0; // overlong below U+0800
        } else if (b == 0xED) {
          secondHigh = 0x9F; // surrogates U+D800..U+DFFF
        }
      } else if (b >= 0xF0 && b <= 0xF4) {
        continuations = 3;
        if (b == 0xF0) {
          secondLow = 0x90; // overlong below U+10000
        } else if (b == 0xF4) {
          secondHigh = 0x8F; // above U+10FFFF
        }
      } else {
        return false;
      }
      if (to - i <= continuations) {
        return false;
      }
      int second = bytes[i + 1] & 0xFF;
      if (second < secondLow || second > secondHigh) {
        return false;
      }
      for (int k = 2; k <= continuations; k++) {
        if ((bytes[i + k] & 0xC0) != 0x80) {
          return false;
        }
      }
      i += continuations + 1;
    }
    return true;
  }
}
