package dev.herald.transport.jakarta;

import dev.herald.testing.transport.ServerOptions;
import jakarta.servlet.Filter;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.apache.tomcat.websocket.server.WsSci;

/** An embedded Tomcat on 127.0.0.1 and a free port, with one filter on every path. */
final class EmbeddedTomcat {
  private final Tomcat tomcat;
  private final Connector connector;

  private EmbeddedTomcat(Tomcat tomcat, Connector connector) {
    this.tomcat = tomcat;
    this.connector = connector;
  }

  static EmbeddedTomcat start(Filter filter, ServerOptions options) throws Exception {
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("herald-tomcat").toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    if (options.sendBufferSize() > 0) {
      connector.setProperty("socket.txBufSize", String.valueOf(options.sendBufferSize()));
    }
    if (options.tls() != null) {
      TomcatTls.configure(connector, options.tls());
    }
    tomcat.getService().addConnector(connector);
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", null);
    context.addServletContainerInitializer(new WsSci(), null);
    // Filters run in front of a servlet: this one answers what no filter took.
    Tomcat.addServlet(context, "none", new PlainHttp());
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
    return new EmbeddedTomcat(tomcat, connector);
  }

  int port() {
    return connector.getLocalPort();
  }

  void stop() {
    try {
      tomcat.stop();
      tomcat.destroy();
    } catch (LifecycleException e) {
      throw new IllegalStateException("Tomcat did not stop", e);
    }
  }
}
