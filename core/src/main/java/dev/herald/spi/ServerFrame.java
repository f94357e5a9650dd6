package dev.herald.spi;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A frame of the Herald client protocol ({@code docs/protocol.md}) that the server sends, for a
 * {@link ClientProtocol} to encode. The application's data is already encoded by the manager's
 * codec for the protocol.
 */
public sealed interface ServerFrame
    permits ServerFrame.Connected,
        ServerFrame.Subscribed,
        ServerFrame.Unsubscribed,
        ServerFrame.Published,
        ServerFrame.Publication,
        ServerFrame.Message,
        ServerFrame.Error,
        ServerFrame.Disconnect,
        ServerFrame.Ping,
        ServerFrame.Pong {

  /**
   * The first frame of every connection.
   *
   * @param pingMillis how often the server sends {@link Ping}, in milliseconds; 0 if never
   */
  record Connected(String connectionId, String clientId, long pingMillis) implements ServerFrame {
    public Connected {
      Objects.requireNonNull(connectionId, "connectionId");
      Objects.requireNonNull(clientId, "clientId");
    }
  }

  /**
   * A subscription started.
   *
   * @param id the request's number, or null when the server subscribed the connection itself
   * @param position where the publications that follow continue from, for a topic with history
   * @param recovered for a subscription that asked for a position, whether the history covers it
   */
  record Subscribed(
      @Nullable Long id, String topic, @Nullable Position position, @Nullable Boolean recovered)
      implements ServerFrame {
    public Subscribed {
      Objects.requireNonNull(topic, "topic");
    }
  }

  /** A subscription ended; {@code id} is null when the server ended it. */
  record Unsubscribed(@Nullable Long id, String topic) implements ServerFrame {
    public Unsubscribed {
      Objects.requireNonNull(topic, "topic");
    }
  }

  /** A client's publication was accepted; with its position for a topic with history. */
  record Published(long id, String topic, @Nullable Position position) implements ServerFrame {
    public Published {
      Objects.requireNonNull(topic, "topic");
    }
  }

  /** A publication to a topic the connection subscribed to; positioned if the topic has history. */
  record Publication(String topic, @Nullable Position position, Payload data)
      implements ServerFrame {
    public Publication {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(data, "data");
    }
  }

  /** A message from the application, outside any topic. */
  record Message(Payload data) implements ServerFrame {
    public Message {
      Objects.requireNonNull(data, "data");
    }
  }

  /**
   * A request failed, or a frame could not be read.
   *
   * @param id the request's number, or null if the frame had none or could not be read
   * @param code one of the codes of {@code docs/protocol.md}, such as {@code forbidden}
   * @param message words for a person; never the server's internals
   */
  record Error(@Nullable Long id, String code, String message) implements ServerFrame {
    public Error {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * The server is closing the connection: sent just before the close frame, with the same code.
   *
   * @param reconnect whether the client should connect again
   * @param afterMillis how long to wait before it does, in milliseconds
   */
  record Disconnect(int code, String reason, boolean reconnect, long afterMillis)
      implements ServerFrame {
    public Disconnect {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Asks for a {@link ClientFrame.Pong}: the heartbeat a browser can see. */
  record Ping() implements ServerFrame {}

  /** Answers a {@link ClientFrame.Ping}. */
  record Pong() implements ServerFrame {}
}
