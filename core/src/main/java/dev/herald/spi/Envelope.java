package dev.herald.spi;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Carries one message between the nodes of a cluster, already encoded: one payload per protocol the
 * managers serve, in the order they were configured, so that no node encodes it again.
 *
 * <p>Instances are immutable.
 */
public final class Envelope {
  private final Kind kind;
  private final String target;
  private final @Nullable String node;
  private final @Nullable String except;
  private final List<Payload> payloads;

  /** Whom an envelope addresses. */
  public enum Kind {
    /** Every connection on every node. */
    ALL,
    /** Every connection that joined the topic named by the target. */
    TOPIC,
    /** Every connection of the client named by the target, on the envelope's node. */
    CLIENT,
    /** The connection named by the target, on the envelope's node. */
    CONNECTION
  }

  private Envelope(
      Kind kind,
      String target,
      @Nullable String node,
      @Nullable String except,
      List<Payload> payloads) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.target = Objects.requireNonNull(target, "target");
    if ((kind == Kind.CLIENT || kind == Kind.CONNECTION) && node == null) {
      throw new IllegalArgumentException("a " + kind + " envelope needs a node");
    }
    this.node = node;
    this.except = except;
    this.payloads = List.copyOf(payloads);
    if (this.payloads.isEmpty()) {
      throw new IllegalArgumentException("no payloads");
    }
  }

  /**
   * Returns an envelope.
   *
   * @param kind whom it addresses
   * @param target the topic, client id or connection id ({@code ""} for {@link Kind#ALL})
   * @param node the node it is routed to, for {@link Kind#CLIENT} and {@link Kind#CONNECTION}; null
   *     for the whole cluster
   * @param except the id of a connection that must not receive it, or null
   * @param payloads the encoded message, one per protocol
   * @throws IllegalArgumentException if a routed kind has no node, or there is no payload
   */
  public static Envelope of(
      Kind kind,
      String target,
      @Nullable String node,
      @Nullable String except,
      List<Payload> payloads) {
    return new Envelope(kind, target, node, except, payloads);
  }

  /** Returns whom it addresses. */
  public Kind kind() {
    return kind;
  }

  /** Returns the topic, client id or connection id ({@code ""} for {@link Kind#ALL}). */
  public String target() {
    return target;
  }

  /** Returns the node it is routed to, or null for the whole cluster. */
  public @Nullable String node() {
    return node;
  }

  /** Returns the id of the connection that must not receive it, or null. */
  public @Nullable String except() {
    return except;
  }

  /** Returns the encoded message, one payload per protocol. */
  public List<Payload> payloads() {
    return payloads;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Envelope other
        && kind == other.kind
        && target.equals(other.target)
        && Objects.equals(node, other.node)
        && Objects.equals(except, other.except)
        && payloads.equals(other.payloads);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, target, node, except, payloads);
  }

  @Override
  public String toString() {
    return "Envelope["
        + kind
        + " "
        + target
        + (node == null ? "" : " @" + node)
        + ", "
        + payloads.size()
        + " payloads]";
  }
}
