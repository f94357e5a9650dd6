/**
 * Runnable examples of Herald: {@link dev.herald.examples.EchoBroadcastServer}, the echo and
 * broadcast server a new user runs first, and the README's code sample.
 */
@NullMarked
package dev.herald.examples;

import org.jspecify.annotations.NullMarked;
