package dev.herald.examples.boot;

import dev.herald.Authenticator;
import dev.herald.ConnectionManager;
import dev.herald.spring.boot.HeraldCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The seed's chat on Spring Boot and its Tomcat: a client connects to {@code /ws/{clientId}} on the
 * application's port, gets a welcome, gets {@code Echo: ...} back for each message, and every other
 * client gets {@code Client {id} says: ...}. The {@code herald.*} settings are in {@code
 * application.properties}; Actuator answers health, liveness, readiness and Prometheus on the same
 * port.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class SpringBootChat {

  /** Made by Spring. */
  public SpringBootChat() {}

  /** Starts the application; {@code --server.port=...} and any {@code --herald.*} override. */
  public static void main(String[] args) {
    SpringApplication.run(SpringBootChat.class, args);
  }

  @Bean
  Authenticator clientIdFromPath() {
    return Authenticator.pathSuffix("/ws/");
  }

  @Bean
  ChatListener chat(ObjectProvider<ConnectionManager<String>> manager) {
    return new ChatListener(manager);
  }

  // No property says what to answer a message that is not text: a customizer does.
  @Bean
  HeraldCustomizer<String> invalidMessageReply() {
    return builder -> builder.decodeErrorReply(error -> "Invalid message: send UTF-8 text.");
  }
}
