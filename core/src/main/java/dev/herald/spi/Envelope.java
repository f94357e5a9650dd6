package dev.herald.spi;

import dev.herald.Delivery;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Carries one message between the nodes of a cluster, already encoded: one payload per protocol the
 * sending manager serves, keyed by the protocol's name ({@code ""} for the connections that asked
 * for none), so that no node encodes it again and nodes whose protocol lists differ, as in a
 * rolling deploy, still give each connection the bytes of its own protocol.
 *
 * <p>Instances are immutable.
 */
public final class Envelope {
  /** The key of the payload for connections that asked for no subprotocol. */
  public static final String DEFAULT_PROTOCOL = "";

  private final Kind kind;
  private final String target;
  private final @Nullable String node;
  private final @Nullable String except;
  private final Map<String, Payload> payloads;
  private final Delivery delivery;

  /** Whom an envelope addresses. */
  public enum Kind {
    /** Every connection on every node. */
    ALL,
    /** Every connection that joined the topic named by the target. */
    TOPIC,
    /** Every connection of the client named by the target, on the nodes that hold it. */
    CLIENT,
    /** The connection named by the target, on the envelope's node. */
    CONNECTION
  }

  private Envelope(
      Kind kind,
      String target,
      @Nullable String node,
      @Nullable String except,
      Map<String, Payload> payloads,
      Delivery delivery) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.target = Objects.requireNonNull(target, "target");
    if (kind == Kind.CONNECTION && node == null) {
      throw new IllegalArgumentException("a CONNECTION envelope needs a node");
    }
    this.node = kind == Kind.CONNECTION ? node : null;
    this.except = except;
    this.payloads = Collections.unmodifiableMap(new LinkedHashMap<>(payloads));
    if (this.payloads.isEmpty()) {
      throw new IllegalArgumentException("no payloads");
    }
    this.delivery = Objects.requireNonNull(delivery, "delivery");
  }

  /**
   * Returns an envelope.
   *
   * @param kind whom it addresses
   * @param target the topic, client id or connection id ({@code ""} for {@link Kind#ALL})
   * @param node the node that holds the connection, for {@link Kind#CONNECTION}; ignored otherwise
   * @param except the id of a connection that must not receive it, or null
   * @param payloads the encoded message by protocol name, {@link #DEFAULT_PROTOCOL} included
   * @param delivery how each receiving node's outbound policy treats it
   * @throws IllegalArgumentException if a CONNECTION has no node, or there is no payload
   */
  public static Envelope of(
      Kind kind,
      String target,
      @Nullable String node,
      @Nullable String except,
      Map<String, Payload> payloads,
      Delivery delivery) {
    return new Envelope(kind, target, node, except, payloads, delivery);
  }

  /** Returns whom it addresses. */
  public Kind kind() {
    return kind;
  }

  /** Returns the topic, client id or connection id ({@code ""} for {@link Kind#ALL}). */
  public String target() {
    return target;
  }

  /** Returns the node that holds the target connection, or null for the other kinds. */
  public @Nullable String node() {
    return node;
  }

  /** Returns the id of the connection that must not receive it, or null. */
  public @Nullable String except() {
    return except;
  }

  /** Returns the encoded message by protocol name, in the sender's order. */
  public Map<String, Payload> payloads() {
    return payloads;
  }

  /** Returns how the receiving nodes' outbound policy treats it, as it did on the sender. */
  public Delivery delivery() {
    return delivery;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Envelope other
        && kind == other.kind
        && target.equals(other.target)
        && Objects.equals(node, other.node)
        && Objects.equals(except, other.except)
        && payloads.equals(other.payloads)
        && delivery == other.delivery;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, target, node, except, payloads, delivery);
  }

  @Override
  public String toString() {
    return "Envelope["
        + kind
        + " "
        + target
        + (node == null ? "" : " @" + node)
        + ", "
        + delivery
        + ", protocols "
        + payloads.keySet()
        + "]";
  }
}
