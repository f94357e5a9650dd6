/**
 * Runs Herald on a Spring Boot application's own servlet server: see {@link
 * dev.herald.spring.boot.HeraldAutoConfiguration} and {@link
 * dev.herald.spring.boot.HeraldProperties}.
 */
@NullMarked
package dev.herald.spring.boot;

import org.jspecify.annotations.NullMarked;
