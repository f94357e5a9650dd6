package dev.herald.bench.targets;

import dev.herald.ConnectionManager;
import dev.herald.HandshakePolicy;
import dev.herald.transport.jakarta.HeraldWebSocketFilter;
import jakarta.servlet.DispatcherType;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.EnumSet;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.apache.tomcat.websocket.server.WsSci;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Serves the benchmark protocol with Herald on an embedded servlet container, Tomcat or Jetty,
 * through {@link HeraldWebSocketFilter}: the same manager as {@link HeraldTarget}, on the server a
 * Spring Boot application would run. Each container gets a backlog of 4,096 and no connection cap,
 * as Herald's own servers have; its thread pool is its default.
 *
 * <p>This class is thread-safe.
 */
final class ContainerTarget extends TargetServer {
  private static final int BACKLOG = 4096;

  private final ConnectionManager<String> manager;
  private final HeraldWebSocketFilter filter;
  private final AutoCloseable server;
  private final int port;

  private ContainerTarget(
      ConnectionManager<String> manager,
      HeraldWebSocketFilter filter,
      AutoCloseable server,
      int port) {
    this.manager = manager;
    this.filter = filter;
    this.server = server;
    this.port = port;
  }

  static ContainerTarget tomcat(InetSocketAddress address, HandshakePolicy handshake) {
    ConnectionManager<String> manager = HeraldTarget.manager(handshake);
    HeraldWebSocketFilter filter = HeraldWebSocketFilter.of(manager.connector());
    try {
      Tomcat tomcat = new Tomcat();
      tomcat.setBaseDir(Files.createTempDirectory("herald-bench-tomcat").toString());
      Connector connector = new Connector();
      connector.setPort(address.getPort());
      connector.setProperty("address", address.getHostString());
      connector.setProperty("maxConnections", "-1");
      connector.setProperty("acceptCount", String.valueOf(BACKLOG));
      tomcat.getService().addConnector(connector);
      tomcat.setConnector(connector);
      Context context = tomcat.addContext("", null);
      context.addServletContainerInitializer(new WsSci(), null);
      Tomcat.addServlet(context, "none", new jakarta.servlet.http.HttpServlet() {});
      context.addServletMappingDecoded("/", "none");
      FilterDef def = new FilterDef();
      def.setFilterName("herald");
      def.setFilter(filter);
      context.addFilterDef(def);
      FilterMap map = new FilterMap();
      map.setFilterName("herald");
      map.addURLPattern("/*");
      context.addFilterMap(map);
      tomcat.start();
      AutoCloseable stop =
          () -> {
            tomcat.stop();
            tomcat.destroy();
          };
      return new ContainerTarget(manager, filter, stop, connector.getLocalPort());
    } catch (Exception e) {
      throw new IllegalStateException("Tomcat did not start", e);
    }
  }

  static ContainerTarget jetty(InetSocketAddress address, HandshakePolicy handshake) {
    ConnectionManager<String> manager = HeraldTarget.manager(handshake);
    HeraldWebSocketFilter filter = HeraldWebSocketFilter.of(manager.connector());
    try {
      Server jetty = new Server();
      ServerConnector connector = new ServerConnector(jetty);
      connector.setHost(address.getHostString());
      connector.setPort(address.getPort());
      connector.setAcceptQueueSize(BACKLOG);
      jetty.addConnector(connector);
      ServletContextHandler context = new ServletContextHandler();
      context.setContextPath("/");
      context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
      JakartaWebSocketServletContainerInitializer.configure(context, null);
      jetty.setHandler(context);
      jetty.start();
      return new ContainerTarget(manager, filter, jetty::stop, connector.getLocalPort());
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not start", e);
    }
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public int connections() {
    return manager.stats().activeConnections();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (Exception e) {
      throw new IllegalStateException("could not stop the container", e);
    }
    filter.destroy();
  }
}
