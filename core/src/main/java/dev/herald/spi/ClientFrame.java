package dev.herald.spi;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A frame of the Herald client protocol ({@code docs/protocol.md}) that a client sends, as a {@link
 * ClientProtocol} decoded it. The application's data stays encoded, in the payload the manager's
 * codec for the protocol decodes.
 */
public sealed interface ClientFrame
    permits ClientFrame.Subscribe,
        ClientFrame.Unsubscribe,
        ClientFrame.Publish,
        ClientFrame.Message,
        ClientFrame.Ping,
        ClientFrame.Pong {

  /**
   * Asks to receive a topic's publications; with {@code since}, first those after that position.
   *
   * @param id the client's number for the request, repeated in the reply
   */
  record Subscribe(long id, String topic, @Nullable Position since) implements ClientFrame {
    public Subscribe {
      Objects.requireNonNull(topic, "topic");
    }
  }

  /** Asks to stop receiving a topic's publications. */
  record Unsubscribe(long id, String topic) implements ClientFrame {
    public Unsubscribe {
      Objects.requireNonNull(topic, "topic");
    }
  }

  /** Asks to publish {@code data} to a topic. */
  record Publish(long id, String topic, Payload data) implements ClientFrame {
    public Publish {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(data, "data");
    }
  }

  /** A message for the application, as a raw protocol's message is. */
  record Message(Payload data) implements ClientFrame {
    public Message {
      Objects.requireNonNull(data, "data");
    }
  }

  /** Asks for a {@link ServerFrame.Pong}. */
  record Ping() implements ClientFrame {}

  /** Answers a {@link ServerFrame.Ping}. */
  record Pong() implements ClientFrame {}
}
