package dev.herald;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Decides whether a connection of the Herald client protocol may subscribe to a topic, or publish
 * to it, from its client id, its handshake attributes and the topic. It may answer later, after
 * asking another service: the request waits, the connection's other frames do not. A refusal
 * reaches the client as the error {@code forbidden}; a failure, or an exception, as {@code
 * unavailable}.
 *
 * <p>Implementations must be thread-safe and must not block.
 */
@FunctionalInterface
public interface TopicAuthorizer {

  /** What a client asks to do with a topic. */
  enum Action {
    SUBSCRIBE,
    PUBLISH
  }

  /** Returns, now or later, whether {@code connection} may do {@code action} on {@code topic}. */
  CompletionStage<Boolean> authorize(Connection<?> connection, Action action, String topic);

  /** Returns the default: clients may subscribe to any topic and publish to none. */
  static TopicAuthorizer subscribeOnly() {
    return (connection, action, topic) ->
        CompletableFuture.completedFuture(action == Action.SUBSCRIBE);
  }
}
