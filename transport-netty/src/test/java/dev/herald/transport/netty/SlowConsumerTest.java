package dev.herald.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.ConnectionManager;
import dev.herald.spi.Payload;
import dev.herald.spi.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the transport holds for a peer that stopped reading, and how it tells Herald to resume. */
class SlowConsumerTest {
  private static final int FRAMES = 400;
  private static final int FRAME_PAYLOAD = 64 * 1024;

  private final ConnectionManager<String> manager = ConnectionManager.builder(String.class).build();
  private final RecordingConnector connector = new RecordingConnector(manager.connector());
  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel serverChannel =
      new ServerBootstrap()
          .group(group)
          .channel(NioServerSocketChannel.class)
          .childOption(ChannelOption.SO_SNDBUF, 64 * 1024)
          .childHandler(
              new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                  ch.pipeline()
                      .addLast(
                          new HttpServerCodec(),
                          new HttpObjectAggregator(65536),
                          HeraldWebSocketHandler.of(connector));
                }
              })
          .bind(new InetSocketAddress("127.0.0.1", 0))
          .syncUninterruptibly()
          .channel();
  private final int port = ((InetSocketAddress) serverChannel.localAddress()).getPort();

  @AfterEach
  void stop() {
    manager.shutdown(Duration.ofMillis(200));
    serverChannel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void bufferedBytesGrowWhileThePeerDoesNotReadAndDrainWhenItDoes() throws Exception {
    try (RawClient sleeper = RawClient.open(port, 4096)) {
      sleeper.sendUpgrade("/ws", "");
      assertThat(sleeper.readAnswer().status()).isEqualTo(101);
      await().atMost(Duration.ofSeconds(10)).until(() -> connector.transports.size() == 1);
      Transport transport = connector.transports.get(0);
      NettyFrame frame =
          (NettyFrame) transport.framer().frame(Payload.binary(new byte[FRAME_PAYLOAD]));

      for (int i = 0; i < FRAMES; i++) {
        assertThat(transport.send(frame)).isTrue();
      }

      // What the socket buffers cannot take stays with Netty, and is counted, at most once (Netty
      // adds about a hundred bytes of bookkeeping per queued write).
      await().atMost(Duration.ofSeconds(10)).until(() -> transport.bufferedBytes() > 8 << 20);
      assertThat(transport.bufferedBytes())
          .isLessThanOrEqualTo((long) FRAMES * (frame.size() + 128));
      int writableBefore = connector.writableCalls.get();

      for (int i = 0; i < FRAMES; i++) {
        assertThat(sleeper.readFrame().payload()).hasSize(FRAME_PAYLOAD);
      }

      await().atMost(Duration.ofSeconds(10)).until(() -> transport.bufferedBytes() == 0);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> connector.writableCalls.get() > writableBefore);
      await().atMost(Duration.ofSeconds(10)).until(() -> frame.refCnt() == 1);
    }
  }

  @Test
  void sendAfterTheChannelClosedReturnsFalseWithoutThrowing() throws Exception {
    RawClient client = RawClient.open(port, 0);
    client.sendUpgrade("/ws", "");
    assertThat(client.readAnswer().status()).isEqualTo(101);
    await().atMost(Duration.ofSeconds(10)).until(() -> connector.transports.size() == 1);
    Transport transport = connector.transports.get(0);
    NettyFrame frame = (NettyFrame) transport.framer().frame(Payload.text("late"));

    client.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> manager.stats().activeConnections() == 0);

    assertThat(transport.send(frame)).isFalse();
    transport.ping();
    transport.close(1000, "already gone");
    transport.abort();
    assertThat(transport.bufferedBytes()).isZero();
    assertThat(frame.refCnt()).isEqualTo(1);
  }
}
