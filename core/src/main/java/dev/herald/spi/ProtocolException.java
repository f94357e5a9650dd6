package dev.herald.spi;

import dev.herald.HeraldException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A client sent what is not a frame of the Herald client protocol. It carries the error code the
 * client is told, and the request number when the frame had a readable one. Its message is for the
 * server's log and the listener, not for the client.
 */
public final class ProtocolException extends HeraldException {
  private static final long serialVersionUID = 1L;

  /** The frame could not be read: not one value of the encoding, or fields missing or mistyped. */
  public static final String BAD_FRAME = "bad_frame";

  /** The frame's type is not one of the protocol. */
  public static final String UNKNOWN_TYPE = "unknown_type";

  /** A position's epoch or offset is out of range. */
  public static final String BAD_POSITION = "bad_position";

  /** A topic name is empty or too long. */
  public static final String BAD_TOPIC = "bad_topic";

  private final String code;
  private final @Nullable Long id;

  /** Makes an exception with an error code of {@code docs/protocol.md}. */
  public ProtocolException(String code, @Nullable Long id, String message) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
    this.id = id;
  }

  /** Returns the code the client is told, such as {@link #BAD_FRAME}. */
  public String code() {
    return code;
  }

  /** Returns the request number of the frame, or null if it had none that could be read. */
  public @Nullable Long id() {
    return id;
  }
}
