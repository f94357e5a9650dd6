package dev.herald.testing.transport;

import dev.herald.Connection;
import dev.herald.fixtures.RecordingListener;

/** Answers each message with "Echo: " and the message, and records everything. */
class Echo extends RecordingListener<String> {
  @Override
  public void onMessage(Connection<String> connection, String message) {
    super.onMessage(connection, message);
    connection.send("Echo: " + message);
  }
}
