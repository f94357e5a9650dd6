package dev.herald.examples;

import dev.herald.Authenticator;
import dev.herald.CodecException;
import dev.herald.Connection;
import dev.herald.spi.Codec;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Defines one wire protocol of {@link EchoBroadcastServer}: how clients name themselves in the
 * handshake, and the messages the server sends back.
 *
 * <p>Implementations are immutable.
 *
 * @param <T> the message type of the protocol
 */
interface Chat<T> {

  /** Returns the codec of the protocol's frames. */
  Codec<T> codec();

  /** Returns the authenticator that takes the client id from the handshake. */
  Authenticator authenticator();

  /** Returns the first message a new connection gets; {@code cluster} is null on a lone node. */
  T welcome(Connection<T> connection, @Nullable ClusterView cluster);

  /** Returns what the sender of {@code message} gets back. */
  T echo(T message);

  /** Returns what every other client gets when {@code sender} sends {@code message}. */
  T broadcast(Connection<T> sender, T message);

  /** Returns the reply to a message that could not be decoded; the connection stays open. */
  T invalid(CodecException error);

  /** Returns the type of the protocol's messages, which Herald clients' data decode to. */
  Class<T> type();

  /** Returns the last message a client gets when the server shuts down. */
  T farewell(Duration reconnectAfter);
}
