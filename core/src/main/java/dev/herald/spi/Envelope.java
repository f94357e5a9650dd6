package dev.herald.spi;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Carries one message between the nodes of a cluster, already encoded: one payload per protocol the
 * managers serve, in the order they were configured, so that no node encodes it again.
 *
 * <p>Instances are immutable.
 *
 * @param kind whom it addresses
 * @param target the topic, client id or connection id ({@code ""} for {@link Kind#ALL})
 * @param node the node it is routed to, for {@link Kind#CLIENT} and {@link Kind#CONNECTION}; null
 *     for the whole cluster
 * @param except the id of a connection that must not receive it, or null
 * @param payloads the encoded message, one per protocol
 */
public record Envelope(
    Kind kind, String target, @Nullable String node, @Nullable String except, List<Payload> payloads) {

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

  /** Checks the fields and copies the payload list. */
  public Envelope {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(target, "target");
    if ((kind == Kind.CLIENT || kind == Kind.CONNECTION) && node == null) {
      throw new IllegalArgumentException("a " + kind + " envelope needs a node");
    }
    payloads = List.copyOf(payloads);
    if (payloads.isEmpty()) {
      throw new IllegalArgumentException("no payloads");
    }
  }
}
