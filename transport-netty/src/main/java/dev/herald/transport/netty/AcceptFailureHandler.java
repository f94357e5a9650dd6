package dev.herald.transport.netty;

import dev.herald.spi.Connector;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Reports the listening channel's accept failures, such as EMFILE at the process's limit of open
 * files, to the connector, which counts them and logs them at most every few seconds.
 *
 * <p>It is the last handler of the listening channel's pipeline, after Netty's {@code
 * ServerBootstrapAcceptor}, which has already stopped accepting for a second when a failure reaches
 * it here. Netty's pipeline would otherwise log each one at WARN with its stack trace, once a
 * second for as long as the limit lasts.
 *
 * <p>Not thread-safe: Netty calls it from the listening channel's event loop only.
 */
final class AcceptFailureHandler extends ChannelInboundHandlerAdapter {
  private final Connector connector;

  AcceptFailureHandler(Connector connector) {
    this.connector = connector;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    connector.acceptFailed(cause);
  }
}
