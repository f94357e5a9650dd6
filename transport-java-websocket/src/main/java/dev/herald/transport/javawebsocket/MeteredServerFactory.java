package dev.herald.transport.javawebsocket;

import java.io.IOException;
import java.nio.channels.ByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketServerFactory;
import org.java_websocket.drafts.Draft;

/**
 * Wraps each channel another factory makes (plain or TLS) in a {@link MeteredChannel}, and sets
 * the socket's send buffer if asked to.
 */
final class MeteredServerFactory implements WebSocketServerFactory {
  private final WebSocketServerFactory factory;
  private final int sendBufferSize;

  /**
   * @param sendBufferSize SO_SNDBUF for each accepted socket; 0 leaves the operating system's
   *     autotuning on
   */
  MeteredServerFactory(WebSocketServerFactory factory, int sendBufferSize) {
    this.factory = factory;
    this.sendBufferSize = sendBufferSize;
  }

  @Override
  public WebSocketImpl createWebSocket(WebSocketAdapter adapter, Draft draft) {
    return factory.createWebSocket(adapter, draft);
  }

  @Override
  public WebSocketImpl createWebSocket(WebSocketAdapter adapter, List<Draft> drafts) {
    return factory.createWebSocket(adapter, drafts);
  }

  @Override
  public ByteChannel wrapChannel(SocketChannel channel, SelectionKey key) throws IOException {
    if (sendBufferSize > 0) {
      channel.socket().setSendBufferSize(sendBufferSize);
    }
    return new MeteredChannel(factory.wrapChannel(channel, key));
  }

  @Override
  public void close() {
    factory.close();
  }
}
