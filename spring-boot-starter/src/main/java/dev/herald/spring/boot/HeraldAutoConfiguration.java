package dev.herald.spring.boot;

import dev.herald.Authenticator;
import dev.herald.ConnectionListener;
import dev.herald.ConnectionManager;
import dev.herald.micrometer.HeraldMetrics;
import dev.herald.micrometer.HeraldTimers;
import dev.herald.redis.RedisBridge;
import dev.herald.spi.Codec;
import dev.herald.transport.jakarta.HeraldWebSocketFilter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs a {@link ConnectionManager} on the application's own servlet server (Tomcat or Jetty): the
 * manager is built from the {@code herald.*} properties ({@link HeraldProperties}) and the
 * application's beans, its endpoint is a filter on {@code herald.path}, and it is drained before
 * the server stops.
 *
 * <p>The application's beans it picks up, each optional: one {@link Codec} (default: text, so the
 * message type is {@link String}), one {@link ConnectionListener}, one {@link Authenticator}, any
 * number of {@link HeraldCustomizer}s. A {@link ConnectionManager} bean of the application's own
 * replaces the one built here; the endpoint, the drain, health and metrics then serve it. With a
 * {@link MeterRegistry}, the manager reports its {@link HeraldTimers} there too.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(HeraldProperties.class)
public class HeraldAutoConfiguration {

  /** Made by Spring. */
  public HeraldAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean(ConnectionManager.class)
  ConnectionManager<?> heraldConnectionManager(
      HeraldProperties properties,
      ObjectProvider<Codec<?>> codec,
      ObjectProvider<ConnectionListener<?>> listener,
      ObjectProvider<Authenticator> authenticator,
      ObjectProvider<HeraldCustomizer<?>> customizers,
      ObjectProvider<MeterRegistry> registry) {
    return build(
        codec.getIfAvailable(Codec::text),
        properties,
        listener,
        authenticator,
        customizers,
        registry.getIfUnique());
  }

  // The beans' types are checked by Spring against one another, not here: a listener or a
  // customizer of another message type than the codec's fails at its first message.
  @SuppressWarnings("unchecked")
  private static <T> ConnectionManager<T> build(
      Codec<T> codec,
      HeraldProperties properties,
      ObjectProvider<ConnectionListener<?>> listener,
      ObjectProvider<Authenticator> authenticator,
      ObjectProvider<HeraldCustomizer<?>> customizers,
      @Nullable MeterRegistry registry) {
    ConnectionManager.Builder<T> builder =
        ConnectionManager.builder(codec)
            .heartbeat(properties.heartbeat().policy())
            .inbound(properties.inbound().policy())
            .outbound(properties.outbound().policy())
            .admission(properties.admission().policy());
    properties.protocols().forEach(protocol -> builder.protocol(protocol, codec));
    String nodeId = properties.nodeId();
    if (nodeId != null) {
      builder.nodeId(nodeId);
    }
    if (registry != null) {
      builder.timings(HeraldTimers.of(registry));
    }
    listener.ifAvailable(found -> builder.listener((ConnectionListener<T>) found));
    authenticator.ifAvailable(builder::authenticator);
    customizers
        .orderedStream()
        .forEach(customizer -> ((HeraldCustomizer<T>) customizer).customize(builder));
    return builder.build();
  }

  @Bean
  FilterRegistrationBean<HeraldWebSocketFilter> heraldWebSocketFilter(
      ConnectionManager<?> manager, HeraldProperties properties) {
    FilterRegistrationBean<HeraldWebSocketFilter> registration =
        new FilterRegistrationBean<>(HeraldWebSocketFilter.of(manager.connector()));
    registration.setName("herald");
    registration.addUrlPatterns(properties.path());
    return registration;
  }

  @Bean
  HeraldDrain heraldDrain(ConnectionManager<?> manager, HeraldProperties properties) {
    return new HeraldDrain(manager, properties.shutdown());
  }

  @Bean
  @ConditionalOnMissingBean(name = "heraldMetrics")
  MeterBinder heraldMetrics(ConnectionManager<?> manager) {
    return HeraldMetrics.of(manager);
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  static class Health {

    @Bean
    @ConditionalOnEnabledHealthIndicator("herald")
    @ConditionalOnMissingBean(name = "heraldHealthIndicator")
    HealthIndicator heraldHealthIndicator(ConnectionManager<?> manager) {
      return new HeraldHealthIndicator(manager);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(RedisBridge.class)
  @ConditionalOnProperty("herald.redis.url")
  static class Redis {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    RedisBridge heraldRedisBridge(HeraldProperties properties) {
      HeraldProperties.Redis redis = properties.redis();
      RedisBridge.Builder builder = RedisBridge.builder(Objects.requireNonNull(redis.url()));
      if (redis.cluster()) {
        builder.cluster();
      }
      String prefix = redis.prefix();
      if (prefix != null) {
        builder.prefix(prefix);
      }
      Duration leaseTtl = redis.leaseTtl();
      if (leaseTtl != null) {
        builder.leaseTtl(leaseTtl);
      }
      return builder.build();
    }

    @Bean
    HeraldCustomizer<Object> heraldRedisCluster(RedisBridge bridge) {
      return builder -> builder.broker(bridge.broker()).registry(bridge.registry());
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.apache.tomcat.websocket.WsWebSocketContainer")
  static class Tomcat {

    @Bean
    TomcatProcessPeriod heraldTomcatProcessPeriod() {
      return new TomcatProcessPeriod();
    }
  }
}
