package dev.herald.spring.boot;

import jakarta.servlet.ServletContext;
import jakarta.websocket.server.ServerContainer;
import org.apache.tomcat.websocket.WsWebSocketContainer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Makes Tomcat look at its WebSocket sessions every second instead of every ten. Herald ends a dead
 * or slow peer by giving its session a one-second idle timeout, and Tomcat enforces that timeout
 * only when it looks; at the default period a socket Herald gave up on stays open up to ten
 * seconds.
 */
final class TomcatProcessPeriod implements ApplicationListener<ServletWebServerInitializedEvent> {

  @Override
  public void onApplicationEvent(ServletWebServerInitializedEvent event) {
    ServletContext context = event.getApplicationContext().getServletContext();
    if (context != null
        && context.getAttribute(ServerContainer.class.getName())
            instanceof WsWebSocketContainer tomcat) {
      tomcat.setProcessPeriod(1);
    }
  }
}
