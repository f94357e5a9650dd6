package dev.herald;

/**
 * Signals that a message could not be encoded or that an inbound payload could not be decoded:
 * malformed, of the wrong frame type, or over a limit of the codec.
 */
public class CodecException extends HeraldException {

  /** Creates an exception that says what was wrong with the message. */
  public CodecException(String message) {
    super(message);
  }

  /** Creates an exception that says what was wrong with the message, and why. */
  public CodecException(String message, Throwable cause) {
    super(message, cause);
  }
}
