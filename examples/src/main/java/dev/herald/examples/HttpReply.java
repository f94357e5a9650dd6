package dev.herald.examples;

import java.nio.charset.StandardCharsets;

/**
 * Holds one HTTP response of {@link HttpRoutes}, before a server writes it.
 *
 * <p>Instances are immutable; the body array is not copied and is never changed.
 *
 * @param status the HTTP status
 * @param contentType the Content-Type header
 * @param body the body; a server leaves it out for HEAD
 */
record HttpReply(int status, String contentType, byte[] body) {

  /** Returns a reply with a UTF-8 body. */
  static HttpReply of(int status, String contentType, String body) {
    return new HttpReply(status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }
}
