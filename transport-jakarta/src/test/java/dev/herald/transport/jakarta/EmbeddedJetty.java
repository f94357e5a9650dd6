package dev.herald.transport.jakarta;

import dev.herald.testing.transport.ServerOptions;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** An embedded Jetty on 127.0.0.1 and a free port, with one filter on every path. */
final class EmbeddedJetty {
  private final Server server;
  private final ServerConnector connector;

  private EmbeddedJetty(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  static EmbeddedJetty start(Filter filter, ServerOptions options) throws Exception {
    Server server = new Server();
    ServerConnector connector;
    if (options.tls() != null) {
      SslContextFactory.Server tls = new SslContextFactory.Server();
      tls.setSslContext(options.tls());
      connector = new ServerConnector(server, tls);
    } else {
      connector = new ServerConnector(server);
    }
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    if (options.sendBufferSize() > 0) {
      connector.setAcceptedSendBufferSize(options.sendBufferSize());
    }
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
    JakartaWebSocketServletContainerInitializer.configure(context, null);
    server.setHandler(context);
    server.start();
    return new EmbeddedJetty(server, connector);
  }

  int port() {
    return connector.getLocalPort();
  }

  void stop() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not stop", e);
    }
  }
}
