package dev.herald.transport.javawebsocket;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.java_websocket.enums.Opcode;
import org.java_websocket.framing.BinaryFrame;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.java_websocket.framing.FramedataImpl1;
import org.java_websocket.framing.PingFrame;
import org.java_websocket.framing.PongFrame;
import org.java_websocket.framing.TextFrame;
import org.jspecify.annotations.Nullable;

/**
 * Reads the frames a client sends on one connection, as they arrive, and hands over whole messages
 * and control frames; the first violation of RFC 6455 ends the reading. Java-WebSocket's own
 * decoder lets unmasked frames and close frames with an invalid reason through, and allocates a
 * frame's declared size as soon as its head arrives; this one holds no more than twice the bytes
 * that arrived, never more than the frame declares, and refuses a message over the limit before it
 * holds any of it.
 *
 * <p>Fragments are joined as they arrive into one array, which is exactly the message's size once
 * the message is complete and is then handed over without a copy. Control frames between fragments
 * are handed over in their place.
 *
 * <p>Not thread-safe: Java-WebSocket decodes each connection on one worker thread.
 */
final class FrameReader {
  private static final int FIN = 0x80;
  private static final int RESERVED_BITS = 0x70;
  private static final int MASK = 0x80;
  private static final int CONTINUATION = 0x0;
  private static final int TEXT = 0x1;
  private static final int BINARY = 0x2;
  private static final int CLOSE = 0x8;
  private static final int PING = 0x9;
  private static final int PONG = 0xA;
  private static final int MAX_CONTROL_PAYLOAD = 125;
  private static final int MAX_HEAD = 14;
  private static final byte[] EMPTY = new byte[0];

  private final int maxMessageSize;

  // The frame being read.
  private final byte[] head = new byte[MAX_HEAD];
  private int headLength;
  private int headNeeded = 2;
  private int opcode;
  private boolean fin;
  private long payloadLeft;
  private final byte[] mask = new byte[4];
  // The payload bytes of this frame read so far, modulo 4: where in the mask the next one is.
  private int maskAt;
  private byte @Nullable [] control;
  private int controlLength;

  // The message being joined, across fragments: opcode 0 when none is.
  private int messageOpcode;
  private byte @Nullable [] message;
  private int messageLength;

  private boolean failed;

  FrameReader(int maxMessageSize) {
    this.maxMessageSize = maxMessageSize;
  }

  /**
   * A violation of the protocol, handed over in the place of the frame that broke it: the
   * connection must close with {@code code}. Nothing follows it.
   */
  static final class Violation extends FramedataImpl1 {
    private final int code;
    private final String reason;

    private Violation(int code, String reason) {
      super(Opcode.CLOSING);
      this.code = code;
      this.reason = reason;
    }

    int code() {
      return code;
    }

    String reason() {
      return reason;
    }

    @Override
    public void isValid() {}
  }

  /**
   * Reads what {@code bytes} holds and returns the messages and control frames it completes, in
   * order, and a {@link Violation} last if the peer broke the protocol; after which it reads
   * nothing more.
   */
  List<Framedata> read(ByteBuffer bytes) {
    List<Framedata> frames = new ArrayList<>(1);
    while (bytes.hasRemaining() && !failed) {
      Framedata done = headNeeded > 0 ? readHead(bytes) : readPayload(bytes);
      if (done != null) {
        frames.add(done);
      }
    }
    bytes.position(bytes.limit());
    return frames;
  }

  /** Drops what was read of a frame and a message, for a connection that closes. */
  void reset() {
    failed = true;
    message = null;
    control = null;
  }

  private @Nullable Framedata readHead(ByteBuffer bytes) {
    while (headLength < headNeeded && bytes.hasRemaining()) {
      head[headLength++] = bytes.get();
      if (headLength == 2) {
        Violation early = checkFirstTwo();
        if (early != null) {
          return early;
        }
      }
    }
    if (headLength < headNeeded) {
      return null;
    }
    int declared = head[1] & 0x7F;
    long length;
    if (declared == 126) {
      length = ((head[2] & 0xFF) << 8) | (head[3] & 0xFF);
    } else if (declared == 127) {
      length = 0;
      for (int i = 2; i < 10; i++) {
        length = (length << 8) | (head[i] & 0xFF);
      }
    } else {
      length = declared;
    }
    System.arraycopy(head, headNeeded - 4, mask, 0, 4);
    maskAt = 0;
    headLength = 0;
    headNeeded = 0;
    payloadLeft = length;
    if (opcode < CLOSE) {
      // A negative length has its top bit set, which RFC 6455 forbids: too large either way.
      if (length < 0 || length > maxMessageSize - (long) messageLength) {
        return fail(CloseFrame.TOOBIG, "message too big");
      }
      if (opcode != CONTINUATION) {
        messageOpcode = opcode;
      }
    } else {
      control = length == 0 ? EMPTY : new byte[(int) length];
      controlLength = 0;
    }
    return payloadLeft == 0 ? completeFrame() : null;
  }

  /** Checks what the first two bytes of a head say, and how long the head is. */
  private @Nullable Violation checkFirstTwo() {
    int first = head[0] & 0xFF;
    int second = head[1] & 0xFF;
    fin = (first & FIN) != 0;
    opcode = first & 0x0F;
    if ((first & RESERVED_BITS) != 0) {
      // No extension is negotiated: every reserved bit must be clear.
      return fail(CloseFrame.PROTOCOL_ERROR, "reserved bits set");
    }
    if ((second & MASK) == 0) {
      // RFC 6455, 5.1: a server closes the connection on a frame that is not masked.
      return fail(CloseFrame.PROTOCOL_ERROR, "unmasked frame");
    }
    int declared = second & 0x7F;
    switch (opcode) {
      case CONTINUATION:
        if (messageOpcode == 0) {
          return fail(CloseFrame.PROTOCOL_ERROR, "continuation without a message");
        }
        break;
      case TEXT:
      case BINARY:
        if (messageOpcode != 0) {
          return fail(CloseFrame.PROTOCOL_ERROR, "message inside a fragmented message");
        }
        break;
      case CLOSE:
      case PING:
      case PONG:
        if (!fin) {
          return fail(CloseFrame.PROTOCOL_ERROR, "fragmented control frame");
        }
        if (declared > MAX_CONTROL_PAYLOAD) {
          return fail(CloseFrame.PROTOCOL_ERROR, "control frame over 125 bytes");
        }
        break;
      default:
        return fail(CloseFrame.PROTOCOL_ERROR, "reserved opcode");
    }
    headNeeded = headNeeded(declared);
    return null;
  }

  private static int headNeeded(int declared) {
    int extended = declared == 126 ? 2 : declared == 127 ? 8 : 0;
    return 2 + extended + 4;
  }

  private @Nullable Framedata readPayload(ByteBuffer bytes) {
    int chunk = (int) Math.min(bytes.remaining(), payloadLeft);
    byte[] target;
    int at;
    if (opcode >= CLOSE) {
      target = control;
      at = controlLength;
      controlLength += chunk;
    } else {
      target = grow(chunk);
      at = messageLength;
      messageLength += chunk;
    }
    if (target == null) {
      throw new IllegalStateException("no frame being read");
    }
    for (int i = 0; i < chunk; i++) {
      target[at + i] = (byte) (bytes.get() ^ mask[maskAt]);
      maskAt = (maskAt + 1) & 3;
    }
    payloadLeft -= chunk;
    return payloadLeft == 0 ? completeFrame() : null;
  }

  private byte[] grow(int chunk) {
    byte[] held = message;
    int needed = messageLength + chunk;
    if (held != null && held.length >= needed) {
      return held;
    }
    // Never more than the frame declares, so that a complete message fills its array exactly.
    long bound = messageLength + payloadLeft;
    int doubled = held == null ? 0 : 2 * held.length;
    int size = (int) Math.min(Math.max(needed, doubled), bound);
    byte[] grown = new byte[size];
    if (held != null) {
      System.arraycopy(held, 0, grown, 0, messageLength);
    }
    message = grown;
    return grown;
  }

  private @Nullable Framedata completeFrame() {
    headNeeded = 2;
    if (opcode >= CLOSE) {
      byte[] payload = control == null ? EMPTY : control;
      control = null;
      return controlFrame(payload);
    }
    if (!fin) {
      return null;
    }
    byte[] joined = message == null ? EMPTY : message;
    FramedataImpl1 frame = messageOpcode == TEXT ? new TextFrame() : new BinaryFrame();
    frame.setPayload(ByteBuffer.wrap(joined, 0, messageLength));
    message = null;
    messageLength = 0;
    messageOpcode = 0;
    return frame;
  }

  private Framedata controlFrame(byte[] payload) {
    FramedataImpl1 frame;
    if (opcode == PING) {
      frame = new PingFrame();
    } else if (opcode == PONG) {
      frame = new PongFrame();
    } else {
      Violation invalid = checkClose(payload);
      if (invalid != null) {
        return invalid;
      }
      frame = new CloseFrame();
    }
    frame.setPayload(ByteBuffer.wrap(payload));
    return frame;
  }

  /** Checks a close frame's code and reason (RFC 6455, 5.5.1 and 7.4). */
  private @Nullable Violation checkClose(byte[] payload) {
    if (payload.length == 0) {
      return null;
    }
    if (payload.length == 1) {
      return fail(CloseFrame.PROTOCOL_ERROR, "invalid close frame");
    }
    int code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
    if (!((code >= 1000 && code <= 1003)
        || (code >= 1007 && code <= 1014)
        || (code >= 3000 && code <= 4999))) {
      return fail(CloseFrame.PROTOCOL_ERROR, "invalid close code");
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(payload, 2, payload.length - 2));
    } catch (CharacterCodingException e) {
      return fail(CloseFrame.NO_UTF8, "invalid UTF-8 in close reason");
    }
    return null;
  }

  private Violation fail(int code, String reason) {
    reset();
    return new Violation(code, reason);
  }
}
