package dev.herald.spring.boot;

import dev.herald.ConnectionManager;

/**
 * Adjusts the {@link ConnectionManager.Builder} the starter fills from the {@code herald.*}
 * properties, for what no property says: a history policy, a topic authorizer, an executor for the
 * listener. Every bean of this type is applied, in {@link
 * org.springframework.core.annotation.Order} order, after the properties and before {@link
 * ConnectionManager.Builder#build()}.
 *
 * @param <T> the application's message type: that of its {@link dev.herald.spi.Codec} bean, or
 *     {@link String}
 */
@FunctionalInterface
public interface HeraldCustomizer<T> {

  /** Adjusts {@code builder}. */
  void customize(ConnectionManager.Builder<T> builder);
}
