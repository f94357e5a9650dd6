/** The seed's echo and broadcast as a Spring Boot application: see {@link SpringBootChat}. */
@NullMarked
package dev.herald.examples.boot;

import org.jspecify.annotations.NullMarked;
