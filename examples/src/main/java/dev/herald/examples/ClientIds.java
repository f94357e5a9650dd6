package dev.herald.examples;

import java.util.regex.Pattern;

/** Checks client ids: 1-64 characters of {@code A-Z a-z 0-9 _ -}. */
final class ClientIds {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** The reason a refused handshake gives. */
  static final String RULE = "client id is not 1-64 characters of A-Z a-z 0-9 _ -";

  private ClientIds() {}

  /** Returns whether {@code clientId} is a valid client id. */
  static boolean isValid(String clientId) {
    return VALID.matcher(clientId).matches();
  }
}
