/**
 * What the tests of every Herald module share: a real WebSocket test client, a recording transport,
 * and the contract tests every SPI implementation extends.
 */
@NullMarked
package dev.herald.testing;

import org.jspecify.annotations.NullMarked;
