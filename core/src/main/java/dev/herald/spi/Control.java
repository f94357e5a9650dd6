package dev.herald.spi;

import dev.herald.ConnectionInfo;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Carries one instruction about a client's connections to the nodes that hold them, or a reply to
 * one node: how a manager acts on a client cluster-wide from whichever node it runs on. A broker
 * routes {@link Action#LISTED} to {@link #node()} and every other action to the nodes that hold
 * connections of {@link #clientId()}, as it routes a {@link Envelope.Kind#CLIENT} envelope.
 *
 * <p>Instances are immutable; build them with the factories.
 *
 * @param action what to do
 * @param clientId the client concerned
 * @param argument the topic to join or leave, the close reason, the replying node of {@link
 *     Action#LISTED}, or {@code ""}
 * @param code the close code of {@link Action#DISCONNECT}, else 0
 * @param request the number that pairs a {@link Action#LIST} with its replies, else 0
 * @param node the node to reply to ({@link Action#LIST}) or the node replied to ({@link
 *     Action#LISTED}), else null
 * @param connections the listed connections of {@link Action#LISTED}, else empty
 */
public record Control(
    Action action,
    String clientId,
    String argument,
    int code,
    long request,
    @Nullable String node,
    List<ConnectionInfo> connections) {

  /** What a control asks of the nodes it reaches. */
  public enum Action {
    /** Close every connection of the client with {@link #code()} and {@link #argument()}. */
    DISCONNECT,
    /** Add every connection of the client to the topic {@link #argument()}. */
    JOIN,
    /** Remove every connection of the client from the topic {@link #argument()}. */
    LEAVE,
    /** Reply to {@link #node()} with a {@link #LISTED} of the client's connections. */
    LIST,
    /** The connections one node holds of the client, in reply to the list {@link #request()}. */
    LISTED
  }

  /** Checks the values and copies the list. */
  public Control {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(argument, "argument");
    if ((action == Action.LIST || action == Action.LISTED) && node == null) {
      throw new IllegalArgumentException("a " + action + " needs a node");
    }
    connections = List.copyOf(connections);
  }

  /** Returns an instruction to close every connection of {@code clientId}. */
  public static Control disconnect(String clientId, int code, String reason) {
    return new Control(Action.DISCONNECT, clientId, reason, code, 0, null, List.of());
  }

  /** Returns an instruction to add every connection of {@code clientId} to {@code topic}. */
  public static Control join(String clientId, String topic) {
    return new Control(Action.JOIN, clientId, topic, 0, 0, null, List.of());
  }

  /** Returns an instruction to remove every connection of {@code clientId} from {@code topic}. */
  public static Control leave(String clientId, String topic) {
    return new Control(Action.LEAVE, clientId, topic, 0, 0, null, List.of());
  }

  /** Returns a request that the nodes holding {@code clientId} list its connections to a node. */
  public static Control list(String clientId, long request, String replyTo) {
    return new Control(Action.LIST, clientId, "", 0, request, replyTo, List.of());
  }

  /** Returns the reply of {@code from} to the list {@code request} of {@code node}. */
  public static Control listed(
      String clientId, long request, String node, String from, List<ConnectionInfo> connections) {
    return new Control(Action.LISTED, clientId, from, 0, request, node, connections);
  }
}
