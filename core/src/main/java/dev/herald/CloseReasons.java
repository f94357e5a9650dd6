package dev.herald;

/** Close codes and reasons as RFC 6455 constrains them. */
final class CloseReasons {
  /** A close frame's payload is at most 125 bytes, two of them the code. */
  private static final int MAX_REASON_BYTES = 123;

  private CloseReasons() {}

  /** Returns {@code reason}, cut to fit a close frame without splitting a character. */
  static String fit(String reason) {
    int bytes = 0;
    for (int i = 0; i < reason.length(); ) {
      int codePoint = reason.codePointAt(i);
      int length = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
      if (bytes + length > MAX_REASON_BYTES) {
        return reason.substring(0, i);
      }
      bytes += length;
      i += Character.charCount(codePoint);
    }
    return reason;
  }

  /** Checks that a server may send {@code code} in a close frame. */
  static void checkSendable(int code) {
    if (!((code >= 1000 && code <= 1003)
        || (code >= 1007 && code <= 1014)
        || (code >= 3000 && code <= 4999))) {
      throw new IllegalArgumentException("not a close code a server may send: " + code);
    }
  }

  /** Returns the cause of a close that neither side started deliberately through Herald. */
  static CloseCause causeOf(int code) {
    switch (code) {
      case 1009:
        return CloseCause.TOO_LARGE;
      case 1002:
      case 1003:
      case 1007:
        return CloseCause.PROTOCOL_ERROR;
      case 1000:
      case 1001:
        return CloseCause.PEER;
      default:
        return CloseCause.ERROR;
    }
  }
}
