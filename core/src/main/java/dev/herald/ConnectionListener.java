package dev.herald;

import org.jspecify.annotations.Nullable;

/**
 * Receives what happens to a manager's connections. Every method has an empty default.
 *
 * <p>By default the methods run on the transport's I/O thread: return quickly and never block
 * there, or give the manager an executor ({@link ConnectionManager.Builder#executor}). Either way,
 * the calls for one connection come one at a time, in order: open, messages, close. An exception
 * thrown here is reported to {@link #onError} and harms nothing else. To reply, send through the
 * {@link Connection}; to reach the manager, build the listener with {@link
 * ConnectionManager.Builder#listener(java.util.function.Function)}.
 *
 * @param <T> the application's message type
 */
public interface ConnectionListener<T> {

  /**
   * Called when a connection has opened and is registered. What this sends to the connection is its
   * first frame: until it returns, broadcasts, publishes and sends to its client skip it.
   */
  default void onOpen(Connection<T> connection) {}

  /** Called with each decoded message a connection sends. */
  default void onMessage(Connection<T> connection, T message) {}

  /** Called once when a connection has ended and is gone from every registry and topic. */
  default void onClose(Connection<T> connection, CloseStatus status) {}

  /**
   * Called when a handshake was refused, by the admission policy or the authenticator. No
   * connection exists yet, so no other method is called for it.
   */
  default void onRejected(Handshake handshake, RejectReason reason, Admission.Rejected rejection) {}

  /**
   * Called when the broker detected that messages from another node were lost, for example while it
   * reconnected. Delivery between nodes is at most once; this is how loss becomes visible, within a
   * bounded time even when nothing follows the loss. The gap names the topic or client that lost
   * them, so that the application can bring just that up to date. Runs on a broker thread.
   */
  default void onGap(Gap gap) {}

  /**
   * Called when the broker's state changed: it reached the other nodes, lost them, or reached them
   * again. While it is {@link BrokerState#DISCONNECTED} this node serves its own connections and
   * what crosses nodes is lost, counted and reported as gaps. Runs on a broker thread.
   */
  default void onBrokerStateChanged(BrokerState state) {}

  /**
   * Called when something failed: a message that could not be decoded ({@link CodecException}), a
   * listener method that threw, a transport error.
   *
   * @param connection the connection concerned, or null if none
   */
  default void onError(@Nullable Connection<T> connection, Throwable error) {}
}
