package dev.herald;

import dev.herald.spi.ClientFrame;
import dev.herald.spi.ClientProtocol;
import dev.herald.spi.Payload;
import dev.herald.spi.Position;
import dev.herald.spi.ProtocolException;
import dev.herald.spi.ServerFrame;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A connection that speaks the Herald client protocol: reads its frames, answers its requests, and
 * holds its subscriptions. A frame it cannot act on is refused with an error and a code; nothing
 * else on the connection is affected, and what the client is told never names the server's
 * internals.
 *
 * <p>This class is thread-safe: frames arrive on the transport's thread, authorizations complete on
 * any.
 */
final class ClientSession<T> {
  static final String FORBIDDEN = "forbidden";
  static final String TOO_MANY_SUBSCRIPTIONS = "too_many_subscriptions";
  static final String ALREADY_SUBSCRIBED = "already_subscribed";
  static final String NOT_SUBSCRIBED = "not_subscribed";
  static final String BAD_DATA = "bad_data";
  static final String UNAVAILABLE = "unavailable";
  private static final int MAX_TOPIC_LENGTH = 256;

  // A subscription being authorized, and one to a topic without history.
  private static final Object PENDING = new Object();
  private static final Object UNPOSITIONED = new Object();

  private final ManagedConnection<T> connection;
  private final Hub<T> hub;
  private final ClientProtocol protocol;
  // Topic to PENDING, UNPOSITIONED or a Subscription.
  private final Map<String, Object> topics = new ConcurrentHashMap<>(4);
  private volatile boolean farewellSent;

  ClientSession(ManagedConnection<T> connection, Hub<T> hub, ClientProtocol protocol) {
    this.connection = connection;
    this.hub = hub;
    this.protocol = protocol;
  }

  ClientProtocol protocol() {
    return protocol;
  }

  /** Returns the subscription to {@code topic} if it has history and has started. */
  @Nullable Subscription<T> subscription(String topic) {
    Object entry = topics.get(topic);
    @SuppressWarnings("unchecked")
    Subscription<T> subscription = entry instanceof Subscription ? (Subscription<T>) entry : null;
    return subscription;
  }

  /** Acts on one frame from the client. */
  void received(Payload payload) {
    ClientFrame frame;
    try {
      frame = protocol.decode(payload);
    } catch (ProtocolException e) {
      refused(e.id(), e.code(), e);
      return;
    } catch (RuntimeException e) {
      refused(null, ProtocolException.BAD_FRAME, e);
      return;
    }
    if (frame instanceof ClientFrame.Message message) {
      hub.deliverToApplication(connection, message.data());
    } else if (frame instanceof ClientFrame.Subscribe subscribe) {
      subscribe(subscribe);
    } else if (frame instanceof ClientFrame.Unsubscribe unsubscribe) {
      unsubscribe(unsubscribe.id(), unsubscribe.topic());
    } else if (frame instanceof ClientFrame.Publish publish) {
      publish(publish);
    } else if (frame instanceof ClientFrame.Ping) {
      connection.reply(new ServerFrame.Pong());
    }
    // A pong needs nothing more: any frame counts as the peer being alive.
  }

  /** Subscribes the connection because the application joined it to {@code topic}. */
  boolean join(String topic) {
    if (topics.putIfAbsent(topic, PENDING) != null) {
      return false;
    }
    start(null, topic, null);
    return true;
  }

  /** Unsubscribes the connection because the application removed it from {@code topic}. */
  boolean leave(String topic) {
    Object entry = topics.get(topic);
    if (entry == null || entry == PENDING || !topics.remove(topic, entry)) {
      return false;
    }
    end(entry, topic);
    connection.reply(new ServerFrame.Unsubscribed(null, topic));
    return true;
  }

  /** Forgets a subscription that ended on its own; returns false if it had ended already. */
  boolean dropped(Subscription<T> subscription) {
    if (!topics.remove(subscription.topic(), subscription)) {
      return false;
    }
    end(subscription, subscription.topic());
    return true;
  }

  /**
   * Sends the disconnect frame once, before the close frame.
   *
   * @param afterMillis when the client should reconnect
   */
  void farewell(int code, String reason, long afterMillis) {
    if (!farewellSent) {
      farewellSent = true;
      connection.replyClosing(
          new ServerFrame.Disconnect(code, reason, reconnects(code), afterMillis));
    }
  }

  private void subscribe(ClientFrame.Subscribe frame) {
    long id = frame.id();
    String topic = frame.topic();
    if (!isTopic(topic)) {
      error(id, ProtocolException.BAD_TOPIC);
      return;
    }
    if (topics.size() >= hub.maxSubscriptions()) {
      error(id, TOO_MANY_SUBSCRIPTIONS);
      return;
    }
    if (topics.putIfAbsent(topic, PENDING) != null) {
      error(id, ALREADY_SUBSCRIBED);
      return;
    }
    authorize(TopicAuthorizer.Action.SUBSCRIBE, topic)
        .whenComplete(
            (allowed, error) -> {
              if (Boolean.TRUE.equals(allowed) && error == null) {
                start(id, topic, frame.since());
              } else {
                topics.remove(topic, PENDING);
                refusal(id, error);
              }
            });
  }

  private void start(@Nullable Long id, String topic, @Nullable Position since) {
    if (!connection.isOpen()) {
      topics.remove(topic, PENDING);
      return;
    }
    Recovery<T> recovery = hub.recovery();
    if (recovery == null || recovery.retention(topic) == null) {
      topics.put(topic, UNPOSITIONED);
      // The reply goes first, so that no publication of the topic comes before it.
      connection.reply(
          new ServerFrame.Subscribed(id, topic, null, since == null ? null : Boolean.FALSE));
      hub.connections().join(connection, topic);
      return;
    }
    Subscription<T> subscription = new Subscription<>(connection, recovery, topic, id, since);
    topics.put(topic, subscription);
    // Joined before the history is read: each publication is in the read or reaches the offer.
    hub.connections().join(connection, topic);
    recovery.schedule(subscription);
  }

  private void unsubscribe(long id, String topic) {
    Object entry = topics.get(topic);
    if (entry == null || entry == PENDING || !topics.remove(topic, entry)) {
      error(id, NOT_SUBSCRIBED);
      return;
    }
    end(entry, topic);
    connection.reply(new ServerFrame.Unsubscribed(id, topic));
  }

  private void end(Object entry, String topic) {
    if (entry instanceof Subscription<?> subscription) {
      subscription.end();
    }
    hub.connections().leave(connection, topic);
  }

  private void publish(ClientFrame.Publish frame) {
    long id = frame.id();
    String topic = frame.topic();
    if (!isTopic(topic)) {
      error(id, ProtocolException.BAD_TOPIC);
      return;
    }
    authorize(TopicAuthorizer.Action.PUBLISH, topic)
        .whenComplete(
            (allowed, error) -> {
              if (!Boolean.TRUE.equals(allowed) || error != null) {
                refusal(id, error);
                return;
              }
              T message;
              try {
                message = hub.decode(connection, frame.data());
              } catch (RuntimeException e) {
                refused(id, BAD_DATA, e);
                return;
              }
              hub.publishFromClient(topic, message)
                  .whenComplete(
                      (position, failure) ->
                          connection.reply(
                              failure == null
                                  ? new ServerFrame.Published(id, topic, position)
                                  : new ServerFrame.Error(id, UNAVAILABLE, describe(UNAVAILABLE))));
            });
  }

  private CompletionStage<Boolean> authorize(TopicAuthorizer.Action action, String topic) {
    try {
      return hub.authorizer().authorize(connection, action, topic);
    } catch (RuntimeException e) {
      return java.util.concurrent.CompletableFuture.failedFuture(e);
    }
  }

  private void refusal(long id, @Nullable Throwable error) {
    if (error == null) {
      error(id, FORBIDDEN);
    } else {
      hub.report(connection, error);
      error(id, UNAVAILABLE);
    }
  }

  private void refused(@Nullable Long id, String code, Throwable cause) {
    hub.protocolError(connection, cause);
    error(id, code);
  }

  private void error(@Nullable Long id, String code) {
    connection.reply(new ServerFrame.Error(id, code, describe(code)));
  }

  private static boolean isTopic(String topic) {
    return !topic.isEmpty() && topic.length() <= MAX_TOPIC_LENGTH;
  }

  /** Returns whether a client closed with {@code code} should come back. */
  private static boolean reconnects(int code) {
    return code != 4401 && code != 4403;
  }

  /** Returns fixed words for each code: what a client is told never comes from an exception. */
  private static String describe(String code) {
    switch (code) {
      case ProtocolException.BAD_FRAME:
        return "not a frame of the protocol";
      case ProtocolException.UNKNOWN_TYPE:
        return "unknown frame type";
      case ProtocolException.BAD_POSITION:
        return "epoch or offset out of range";
      case ProtocolException.BAD_TOPIC:
        return "topic must be 1-" + MAX_TOPIC_LENGTH + " characters";
      case FORBIDDEN:
        return "not allowed";
      case TOO_MANY_SUBSCRIPTIONS:
        return "too many subscriptions on this connection";
      case ALREADY_SUBSCRIBED:
        return "already subscribed";
      case NOT_SUBSCRIBED:
        return "not subscribed";
      case BAD_DATA:
        return "data could not be decoded";
      default:
        return "unavailable, try again later";
    }
  }
}
