package dev.herald.transport.jakarta;

import dev.herald.Admission;
import dev.herald.Handshake;
import dev.herald.RejectReason;
import dev.herald.spi.Connector;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upgrades the WebSocket requests it sees to connections of a {@code ConnectionManager}, on the
 * servlet container the application already runs, through the Jakarta WebSocket 2.1 API: map it to
 * the paths Herald serves, and every other request goes on down the chain.
 *
 * <pre>{@code
 * HeraldWebSocketFilter herald = HeraldWebSocketFilter.of(manager.connector());
 * servletContext.addFilter("herald", herald).addMappingForUrlPatterns(null, false, "/ws/*");
 * }</pre>
 *
 * <p>The handshake is admitted before the upgrade, so a refusal is a real HTTP answer: the status
 * the authenticator or a limit chose (401, 403, 429, 503) with its reason as plain text, and never
 * the container's error page. An upgrade to another WebSocket version than 13 is answered 426. The
 * limits on the request itself (its line, its headers, the time it takes) are the container's.
 *
 * <p>What the manager sends goes out with the container's asynchronous sends, one message in flight
 * per connection, from the thread that has it; pings and closes, which the API sends blocking, go
 * out on this filter's writer threads, one per core. A send in flight for half a second counts as a
 * full socket, and from then the manager's outbound limit applies. {@link #destroy()} stops the
 * threads, after the manager's shutdown.
 *
 * <p>This class is thread-safe.
 */
public final class HeraldWebSocketFilter implements Filter {
  private static final Logger log = LoggerFactory.getLogger(HeraldWebSocketFilter.class);

  private final Connector connector;
  private final Writers writers = new Writers();

  private HeraldWebSocketFilter(Connector connector) {
    this.connector = connector;
  }

  /** Returns a filter that hands the connections it upgrades to {@code connector}. */
  public static HeraldWebSocketFilter of(Connector connector) {
    return new HeraldWebSocketFilter(Objects.requireNonNull(connector, "connector"));
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request instanceof HttpServletRequest http
        && response instanceof HttpServletResponse answer
        && isUpgrade(http)) {
      upgrade(http, answer);
    } else {
      chain.doFilter(request, response);
    }
  }

  @Override
  public void destroy() {
    writers.shutdown();
  }

  private void upgrade(HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    InetSocketAddress remote = remote(request);
    if (!"13".equals(request.getHeader("Sec-WebSocket-Version"))) {
      response.setHeader("Sec-WebSocket-Version", "13");
      answer(response, 426, "WebSocket version 13 required");
      connector.refused(
          RejectReason.MALFORMED,
          426,
          "WebSocket version " + request.getHeader("Sec-WebSocket-Version"),
          remote);
      return;
    }
    Object container = request.getServletContext().getAttribute(ServerContainer.class.getName());
    if (!(container instanceof ServerContainer server)) {
      log.error("No Jakarta WebSocket container in this servlet context: cannot upgrade");
      answer(response, 500, "WebSocket not available");
      return;
    }
    Handshake handshake;
    try {
      handshake = Handshake.of(target(request), headers(request), remote);
    } catch (IllegalArgumentException e) {
      answer(response, 400, "malformed request target");
      connector.refused(RejectReason.MALFORMED, 400, String.valueOf(e.getMessage()), remote);
      return;
    }
    Admission admission = connector.admit(handshake);
    if (admission instanceof Admission.Rejected rejected) {
      answer(response, rejected.status(), rejected.reason());
      return;
    }
    ContainerEndpoint endpoint =
        new ContainerEndpoint(connector, handshake, (Admission.Accepted) admission, writers);
    ServerEndpointConfig config =
        ServerEndpointConfig.Builder.create(Endpoint.class, "/")
            .subprotocols(connector.subprotocols())
            .configurator(new UpgradeConfigurator(connector, endpoint))
            .build();
    try {
      server.upgradeHttpToWebSocket(request, response, config, Map.of());
    } catch (DeploymentException e) {
      throw new ServletException("the container refused the WebSocket endpoint", e);
    }
  }

  private static boolean isUpgrade(HttpServletRequest request) {
    String upgrade = request.getHeader("Upgrade");
    return "GET".equals(request.getMethod())
        && upgrade != null
        && upgrade.toLowerCase(Locale.ROOT).contains("websocket");
  }

  /** Answers {@code status} with {@code reason} as plain text, not the container's error page. */
  private static void answer(HttpServletResponse response, int status, String reason)
      throws IOException {
    byte[] body = reason.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("text/plain;charset=utf-8");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  private static String target(HttpServletRequest request) {
    String query = request.getQueryString();
    return query == null ? request.getRequestURI() : request.getRequestURI() + "?" + query;
  }

  private static Map<String, List<String>> headers(HttpServletRequest request) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : Collections.list(request.getHeaderNames())) {
      headers.put(name, new ArrayList<>(Collections.list(request.getHeaders(name))));
    }
    return headers;
  }

  private static @Nullable InetSocketAddress remote(HttpServletRequest request) {
    try {
      // An address literal: parsed, never looked up.
      return new InetSocketAddress(
          InetAddress.getByName(request.getRemoteAddr()), request.getRemotePort());
    } catch (UnknownHostException | IllegalArgumentException e) {
      return null;
    }
  }
}
