package dev.herald.spi;

import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Collects the keys of one client frame as a {@link ClientProtocol} reads them, in whatever order
 * they come, and judges the frame once all are read, the same way for every encoding: a key the
 * frame's type does not define is ignored however it is written, a key may not appear twice, and an
 * error names the request's id whenever the frame had a valid one.
 *
 * <p>A reader asks {@link #key} what each key is, reads its value in its encoding, and hands it
 * over; a value of the wrong kind is handed over as null (or -1 for an integer).
 *
 * <p>Not thread-safe: one instance collects one frame.
 */
public final class ClientFrameFields {
  /** The keys the protocol defines. */
  public enum Key {
    TYPE,
    ID,
    TOPIC,
    EPOCH,
    OFFSET,
    DATA
  }

  private int seen;
  private @Nullable Set<String> otherKeys;
  private @Nullable String type;
  private boolean typeInvalid;
  private long id = -1;
  private boolean idInvalid;
  private @Nullable String topic;
  private boolean topicInvalid;
  private @Nullable String epoch;
  private boolean epochInvalid;
  private long offset = -1;
  private boolean offsetInvalid;
  private @Nullable Payload data;

  /**
   * Returns which key {@code name} is, or null for a key the protocol does not define, whose value
   * the reader skips.
   *
   * @throws ProtocolException if the key came before
   */
  public @Nullable Key key(String name) {
    Key key =
        switch (name) {
          case "type" -> Key.TYPE;
          case "id" -> Key.ID;
          case "topic" -> Key.TOPIC;
          case "epoch" -> Key.EPOCH;
          case "offset" -> Key.OFFSET;
          case "data" -> Key.DATA;
          default -> null;
        };
    boolean repeated;
    if (key == null) {
      if (otherKeys == null) {
        otherKeys = new HashSet<>();
      }
      repeated = !otherKeys.add(name);
    } else {
      repeated = (seen & (1 << key.ordinal())) != 0;
      seen |= 1 << key.ordinal();
    }
    if (repeated) {
      throw badFrame("duplicate key " + quote(name));
    }
    return key;
  }

  /** Takes the type: the string, or null if the value was not one. */
  public void type(@Nullable String value) {
    type = value;
    typeInvalid = value == null;
  }

  /** Takes the id: the integer, or -1 if the value was not one from 0 to 2^53-1. */
  public void id(long value) {
    id = value;
    idInvalid = value < 0;
  }

  /** Takes the topic: the string, or null if the value was not one. */
  public void topic(@Nullable String value) {
    topic = value;
    topicInvalid = value == null;
  }

  /** Takes the epoch: the string, or null if the value was not one. */
  public void epoch(@Nullable String value) {
    epochInvalid = value == null || !Position.isEpoch(value);
    epoch = epochInvalid ? null : value;
  }

  /** Takes the offset: the integer, or -1 if the value was not one from 0 to 2^53-1. */
  public void offset(long value) {
    offset = value;
    offsetInvalid = value < 0;
  }

  /** Takes the data: the exact bytes or text of its value. */
  public void data(Payload value) {
    data = value;
  }

  /**
   * Returns the frame the keys make.
   *
   * @throws ProtocolException if they make none
   */
  public ClientFrame frame() {
    if (typeInvalid) {
      throw badFrame("type is not a string");
    }
    String kind = type;
    if (kind == null) {
      throw badFrame("frame has no type");
    }
    return switch (kind) {
      case "subscribe" -> new ClientFrame.Subscribe(requireId(kind), requireTopic(kind), since());
      case "unsubscribe" -> new ClientFrame.Unsubscribe(requireId(kind), requireTopic(kind));
      case "publish" ->
          new ClientFrame.Publish(requireId(kind), requireTopic(kind), requireData(kind));
      case "message" -> new ClientFrame.Message(requireData(kind));
      case "ping" -> new ClientFrame.Ping();
      case "pong" -> new ClientFrame.Pong();
      default ->
          throw new ProtocolException(
              ProtocolException.UNKNOWN_TYPE, validId(), "unknown frame type " + quote(kind));
    };
  }

  /** Returns the error for a frame that cannot be read, with the id if one was read. */
  public ProtocolException badFrame(String message) {
    return new ProtocolException(ProtocolException.BAD_FRAME, validId(), message);
  }

  private long requireId(String kind) {
    if (idInvalid) {
      throw badFrame("id is not an integer from 0 to 2^53-1");
    }
    if (id < 0) {
      throw badFrame(kind + " has no id");
    }
    return id;
  }

  private String requireTopic(String kind) {
    if (topicInvalid) {
      throw badFrame("topic is not a string");
    }
    String found = topic;
    if (found == null) {
      throw badFrame(kind + " has no topic");
    }
    return found;
  }

  private Payload requireData(String kind) {
    Payload found = data;
    if (found == null) {
      throw badFrame(kind + " has no data");
    }
    return found;
  }

  private @Nullable Position since() {
    String error =
        epochInvalid
            ? "epoch is not a string of 1-32 characters of 0-9 a-z"
            : offsetInvalid ? "offset is not an integer from 0 to 2^53-1" : null;
    String at = epoch;
    if (error == null && (at == null) != (offset < 0)) {
      error = at == null ? "offset without epoch" : "epoch without offset";
    }
    if (error != null) {
      throw new ProtocolException(ProtocolException.BAD_POSITION, validId(), error);
    }
    return at == null ? null : new Position(at, offset);
  }

  private @Nullable Long validId() {
    return id >= 0 ? id : null;
  }

  /** Quotes a client's string for a log message, cut short: it may be megabytes long. */
  private static String quote(String text) {
    return text.length() <= 64 ? '"' + text + '"' : '"' + text.substring(0, 64) + "\"...";
  }
}
