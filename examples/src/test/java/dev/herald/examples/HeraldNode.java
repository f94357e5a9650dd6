package dev.herald.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.Admission;
import dev.herald.ConnectionManager;
import dev.herald.codec.json.JsonCodec;
import dev.herald.codec.json.JsonProtocol;
import dev.herald.codec.msgpack.MsgpackCodec;
import dev.herald.codec.msgpack.MsgpackProtocol;
import dev.herald.transport.javawebsocket.HeraldWebSocketServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A manager that serves the Herald protocol in both encodings on a Java-WebSocket server on
 * 127.0.0.1, with clients named by their path, {@code /ws/{clientId}}.
 */
final class HeraldNode implements AutoCloseable {
  final ConnectionManager<JsonNode> manager;
  final HeraldWebSocketServer server;

  HeraldNode(UnaryOperator<ConnectionManager.Builder<JsonNode>> configure) {
    this(0, configure);
  }

  /** A node whose sockets send through a buffer of {@code sendBuffer} bytes; 0 for the default. */
  HeraldNode(int sendBuffer, UnaryOperator<ConnectionManager.Builder<JsonNode>> configure) {
    ConnectionManager.Builder<JsonNode> builder =
        ConnectionManager.builder(JsonCodec.of(JsonNode.class))
            .clientProtocol(JsonProtocol.v1(), JsonCodec.of(JsonNode.class))
            .clientProtocol(MsgpackProtocol.v1(), MsgpackCodec.of(JsonNode.class))
            .authenticator(
                handshake -> Admission.accept(handshake.path().substring("/ws/".length())));
    this.manager = configure.apply(builder).build();
    HeraldWebSocketServer.Builder server =
        HeraldWebSocketServer.builder(manager).address(new InetSocketAddress("127.0.0.1", 0));
    if (sendBuffer > 0) {
      server.sendBufferSize(sendBuffer);
    }
    this.server = server.build().start();
  }

  int port() {
    return server.port();
  }

  @Override
  public void close() {
    manager.shutdown(Duration.ofSeconds(2));
    server.close();
  }
}
