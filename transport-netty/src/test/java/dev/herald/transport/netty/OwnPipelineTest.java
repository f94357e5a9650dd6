package dev.herald.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.ConnectionManager;
import dev.herald.testing.RawClient;
import dev.herald.testing.TestClient;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The handler in a pipeline the application builds, with a connector that records what it opens.
 */
class OwnPipelineTest {
  private final ConnectionManager<String> manager = ConnectionManager.builder(String.class).build();
  private final RecordingConnector connector = new RecordingConnector(manager.connector());
  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  private final Channel serverChannel =
      new ServerBootstrap()
          .group(group)
          .channel(NioServerSocketChannel.class)
          .childHandler(
              new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                  ch.pipeline()
                      .addLast(
                          new HttpServerCodec(),
                          new HttpObjectAggregator(65536),
                          HeraldWebSocketHandler.of(connector),
                          new TeapotHandler());
                }
              })
          .bind(new InetSocketAddress("127.0.0.1", 0))
          .syncUninterruptibly()
          .channel();
  private final int port = ((InetSocketAddress) serverChannel.localAddress()).getPort();

  @AfterEach
  void stop() {
    manager.shutdown(Duration.ofSeconds(1));
    serverChannel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void broadcastThroughTheManagerFramesOnce() throws Exception {
    List<TestClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        clients.add(TestClient.connect(URI.create("ws://127.0.0.1:" + port + "/ws")));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> manager.stats().activeConnections() == 20);
      long before = manager.stats().bytesOut();

      assertThat(manager.broadcast("to all")).isEqualTo(20);

      for (TestClient client : clients) {
        assertThat(client.awaitText(Duration.ofSeconds(10))).isEqualTo("to all");
      }
      // One frame of 2 + 6 bytes, counted once per target.
      assertThat(manager.stats().bytesOut() - before).isEqualTo(20 * 8);
    } finally {
      clients.forEach(TestClient::close);
    }
  }

  @Test
  void connectorsPreferredSubprotocolIsChosen() throws Exception {
    try (RawClient client = RawClient.open(port, 0)) {
      client.sendUpgrade("/ws", "Sec-WebSocket-Protocol: v1.herald, v2.herald\r\n");

      RawClient.Answer answer = client.readAnswer();

      assertThat(answer.status()).isEqualTo(101);
      assertThat(answer.head()).containsIgnoringCase("sec-websocket-protocol: v2.herald");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> connector.subprotocols.contains("v2.herald"));
    }
  }

  @Test
  void requestsThatAreNotUpgradesReachTheNextHandler() throws Exception {
    try (RawClient client = RawClient.open(port, 0)) {
      client.write("GET /tea HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");

      assertThat(client.readAnswer().status()).isEqualTo(418);
    }
  }

  /** Answers every plain request with 418. */
  private static final class TeapotHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      DefaultFullHttpResponse response =
          new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(418));
      response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
      ctx.writeAndFlush(response);
    }
  }
}
