package dev.herald;

/** Signals a failure inside Herald. Unchecked, like every Herald exception. */
public class HeraldException extends RuntimeException {

  /** Creates an exception with a message that says what failed. */
  public HeraldException(String message) {
    super(message);
  }

  /** Creates an exception with a message and its cause. */
  public HeraldException(String message, Throwable cause) {
    super(message, cause);
  }
}
