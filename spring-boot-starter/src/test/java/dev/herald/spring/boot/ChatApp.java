package dev.herald.spring.boot;

import dev.herald.Authenticator;
import dev.herald.Connection;
import dev.herald.ConnectionListener;
import dev.herald.ConnectionManager;
import java.net.URI;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application the tests run: an echo and a broadcast to the others on {@code /ws/{clientId}},
 * and a controller on {@code /hello} under the same server.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
class ChatApp {

  @Bean
  Authenticator clientIdFromPath() {
    return Authenticator.pathSuffix("/ws/");
  }

  // The manager is built with this listener, so the listener reaches it through a provider.
  @Bean
  ConnectionListener<String> chat(ObjectProvider<ConnectionManager<String>> manager) {
    return new ConnectionListener<>() {
      @Override
      public void onMessage(Connection<String> connection, String message) {
        connection.send("Echo: " + message);
        manager
            .getObject()
            .broadcast("Client " + connection.clientId() + " says: " + message, connection.id());
      }
    };
  }

  // A member class of a configuration class: registered with it.
  @RestController
  static class Hello {
    @GetMapping("/hello")
    String hello() {
      return "hello";
    }
  }

  /** Starts the application on 127.0.0.1 and a free port, with {@code properties}. */
  static ConfigurableApplicationContext start(String... properties) {
    return new SpringApplicationBuilder(ChatApp.class)
        .properties("server.address=127.0.0.1", "server.port=0", "spring.main.banner-mode=off")
        .properties(properties)
        .run();
  }

  static int port(ConfigurableApplicationContext context) {
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  static URI ws(ConfigurableApplicationContext context, String path) {
    return URI.create("ws://127.0.0.1:" + port(context) + path);
  }

  static URI http(ConfigurableApplicationContext context, String path) {
    return URI.create("http://127.0.0.1:" + port(context) + path);
  }
}
