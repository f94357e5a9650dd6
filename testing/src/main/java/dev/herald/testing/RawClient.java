package dev.herald.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket peer on a bare TCP socket, for what a well-behaved client never does: complete the
 * handshake and then stop reading or answering, or send garbage instead of a handshake.
 *
 * <p>Not thread-safe.
 */
public final class RawClient implements AutoCloseable {
  private final Socket socket;
  private final String response;

  private RawClient(Socket socket, String response) {
    this.socket = socket;
    this.response = response;
  }

  /**
   * Opens a connection with a tiny receive buffer and completes the WebSocket handshake, reading
   * nothing after the response headers.
   */
  public static RawClient handshake(URI uri) throws IOException {
    Socket socket = new Socket();
    // Small buffers on this side make a peer that stops reading back up the server quickly.
    socket.setReceiveBufferSize(4096);
    socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
    socket.setSoTimeout(5000);
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    String request =
        "GET " + path + " HTTP/1.1\r\n"
            + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
            + "Sec-WebSocket-Version: 13\r\n\r\n";
    socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    return new RawClient(socket, readHeaders(socket.getInputStream()));
  }

  /** Sends {@code bytes} as they are and returns what the server answers until it closes. */
  public static String sendRaw(URI uri, byte[] bytes) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(bytes);
      socket.shutdownOutput();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  /** Returns the status line and headers of the handshake response. */
  public String response() {
    return response;
  }

  /** Returns the socket's output, to send frames by hand. */
  public OutputStream output() throws IOException {
    return socket.getOutputStream();
  }

  /**
   * Reads until the server closes the connection, within the socket timeout, and returns whether
   * it did.
   */
  public boolean closedByServer() {
    try {
      InputStream in = socket.getInputStream();
      byte[] sink = new byte[8192];
      while (in.read(sink) >= 0) {
        // Drain until end of stream.
      }
      return true;
    } catch (IOException e) {
      return e.getMessage() != null && e.getMessage().contains("reset");
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private static String readHeaders(InputStream in) throws IOException {
    ByteArrayOutputStream headers = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      headers.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return headers.toString(StandardCharsets.ISO_8859_1);
  }
}
