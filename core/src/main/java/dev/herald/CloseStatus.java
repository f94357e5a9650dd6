package dev.herald;

/**
 * Describes how a connection ended.
 *
 * <p>Instances are immutable.
 *
 * @param code the WebSocket close code, such as 1000, 1001 or 1009
 * @param reason the close reason, possibly empty
 * @param cause why the connection ended, as Herald counts it
 */
public record CloseStatus(int code, String reason, CloseCause cause) {}
