package dev.herald.examples;

import java.time.Instant;

/**
 * Holds one chat message, the message type of the README's code sample.
 *
 * <p>Instances are immutable.
 *
 * @param from who wrote it
 * @param text what was written
 * @param sentAt when, as the sender's clock says
 */
record ChatEvent(String from, String text, Instant sentAt) {}
