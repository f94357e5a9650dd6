package dev.herald.testing.transport;

import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * Says how {@link TransportContract#start} must start the server under test, beyond the manager: a
 * small socket send buffer, TLS.
 *
 * <p>Instances are immutable.
 */
public final class ServerOptions {
  private static final ServerOptions PLAIN = new ServerOptions(0, null);

  private final int sendBufferSize;
  private final @Nullable SSLContext tls;

  private ServerOptions(int sendBufferSize, @Nullable SSLContext tls) {
    this.sendBufferSize = sendBufferSize;
    this.tls = tls;
  }

  /** Returns the options of a plain server with the system's socket buffers. */
  public static ServerOptions plain() {
    return PLAIN;
  }

  /** Returns these options with each connection's SO_SNDBUF set to {@code bytes}. */
  public ServerOptions sendBufferSize(int bytes) {
    return new ServerOptions(bytes, tls);
  }

  /** Returns these options serving {@code wss://} with {@code context}. */
  public ServerOptions tls(SSLContext context) {
    return new ServerOptions(sendBufferSize, Objects.requireNonNull(context, "context"));
  }

  /** Returns the SO_SNDBUF to set on each connection, or 0 to leave the system's. */
  public int sendBufferSize() {
    return sendBufferSize;
  }

  /** Returns the TLS context to serve {@code wss://} with, or null for plain {@code ws://}. */
  public @Nullable SSLContext tls() {
    return tls;
  }
}
