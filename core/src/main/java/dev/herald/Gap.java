package dev.herald;

import java.util.Objects;

/**
 * Tells that messages another node published were lost on their way to this node: what {@link
 * ConnectionListener#onGap} hears, so that the application can bring just the scope that lost them
 * up to date again.
 *
 * @param originNode the node whose messages were lost
 * @param scope whom the lost messages addressed
 * @param name the topic for {@link Scope#TOPIC}, the client id for {@link Scope#CLIENT}, else
 *     {@code ""}
 * @param missed how many were lost, at least one
 */
public record Gap(String originNode, Scope scope, String name, long missed) {

  /** Whom the lost messages addressed. */
  public enum Scope {
    /** Broadcasts to every connection. */
    ALL,
    /** Publications to the topic named by {@link #name()}. */
    TOPIC,
    /** Sends and commands to the client named by {@link #name()}. */
    CLIENT,
    /** Sends to single connections of this node, and replies to this node. */
    NODE
  }

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException if {@code missed} is not positive
   */
  public Gap {
    Objects.requireNonNull(originNode, "originNode");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(name, "name");
    if (missed <= 0) {
      throw new IllegalArgumentException("missed <= 0: " + missed);
    }
  }
}
