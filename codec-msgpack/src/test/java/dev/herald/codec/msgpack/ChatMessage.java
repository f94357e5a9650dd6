package dev.herald.codec.msgpack;

import java.util.List;

/** A typical application message: what the codec tests encode and decode. */
record ChatMessage(String type, String clientId, String text, long timestamp, List<String> tags) {}
