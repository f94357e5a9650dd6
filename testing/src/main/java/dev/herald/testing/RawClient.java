package dev.herald.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket peer on a bare TCP socket, for what a well-behaved client never does: complete the
 * handshake and then stop reading or answering, send invalid frames or garbage instead of a
 * handshake, read a refused handshake's status and body.
 *
 * <p>Not thread-safe.
 */
public final class RawClient implements AutoCloseable {
  private final Socket socket;
  private final DataInputStream in;
  // Whether the frame read last had FIN set, for readMessage.
  private boolean lastFin;
  private final OutputStream out;
  private String response = "";

  private RawClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** An HTTP response: its status, its head and its body. */
  public record Answer(int status, String head, String body) {}

  /** A frame as read: its opcode and payload. */
  public record RawFrame(int opcode, byte[] payload) {

    /** Returns the close code of a close frame. */
    public int closeCode() {
      return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
    }

    /** Returns the reason of a close frame, after its code. */
    public String closeReason() {
      return new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
    }
  }

  /**
   * Opens a connection to 127.0.0.1:{@code port}, with a small receive buffer if {@code
   * receiveBuffer} is positive, so that a peer that stops reading backs the server up quickly.
   */
  public static RawClient open(int port, int receiveBuffer) throws IOException {
    Socket socket = new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.setSoTimeout(10_000);
    socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
    return new RawClient(socket);
  }

  /**
   * Opens a connection with a tiny receive buffer and completes the WebSocket handshake for {@code
   * uri}'s path, reading nothing after the response headers.
   */
  public static RawClient handshake(URI uri) throws IOException {
    RawClient client = open(uri.getPort(), 4096);
    String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    client.sendUpgrade(path, "");
    client.response = client.readHead();
    return client;
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

  /** Returns the status line and headers of the handshake response {@link #handshake} read. */
  public String response() {
    return response;
  }

  /** Returns the socket's output, to send bytes by hand. */
  public OutputStream output() {
    return out;
  }

  /** Sends an upgrade request for {@code target} with {@code extraHeaders}, each ending in CRLF. */
  public void sendUpgrade(String target, String extraHeaders) throws IOException {
    byte[] key = new byte[16];
    ThreadLocalRandom.current().nextBytes(key);
    write(
        "GET "
            + target
            + " HTTP/1.1\r\n"
            + "Host: 127.0.0.1\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Key: "
            + Base64.getEncoder().encodeToString(key)
            + "\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + extraHeaders
            + "\r\n");
  }

  /** Sends {@code text} as it is, such as a plain HTTP request. */
  public void write(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** Reads a response head, and its body as far as Content-Length says. */
  public Answer readAnswer() throws IOException {
    String head = readHead();
    int status = Integer.parseInt(head.substring(9, 12));
    int length = 0;
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    byte[] body = new byte[length];
    in.readFully(body);
    return new Answer(status, head, new String(body, StandardCharsets.UTF_8));
  }

  /** Sends one final, masked frame. */
  public void sendFrame(int opcode, byte[] payload) throws IOException {
    send(frame(0x80 | opcode, payload, true));
  }

  /** Sends {@code bytes} as they are, such as frames built with {@link #frame}. */
  public void send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /**
   * Returns a frame as a client would send it, masked with a random key if {@code masked}, or as no
   * client may send it, unmasked.
   *
   * @param head the first byte: FIN, the reserved bits and the opcode, such as {@code 0x81} for a
   *     final text frame
   */
  public static byte[] frame(int head, byte[] payload, boolean masked) {
    byte[] mask = new byte[4];
    if (masked) {
      ThreadLocalRandom.current().nextBytes(mask);
    }
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.writeBytes(frameHead(head, payload.length, masked, mask));
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i % 4]);
    }
    return frame.toByteArray();
  }

  /**
   * Returns the head of a masked frame that declares {@code length} payload bytes, with a mask of
   * zeros, so that the payload bytes that follow it are sent as they are.
   */
  public static byte[] frameHead(int head, long length) {
    return frameHead(head, length, true, new byte[4]);
  }

  private static byte[] frameHead(int head, long length, boolean masked, byte[] mask) {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(head);
    int maskBit = masked ? 0x80 : 0;
    // A negative length is sent as the 64 bits it is, top bit set, as no valid frame has it.
    if (length >= 0 && length < 126) {
      frame.write(maskBit | (int) length);
    } else if (length >= 0 && length <= 0xFFFF) {
      frame.write(maskBit | 126);
      frame.write((int) (length >>> 8));
      frame.write((int) length);
    } else {
      frame.write(maskBit | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame.write((int) (length >>> shift));
      }
    }
    if (masked) {
      frame.writeBytes(mask);
    }
    return frame.toByteArray();
  }

  /** Reads one unmasked server frame. */
  public RawFrame readFrame() throws IOException {
    int first = in.readUnsignedByte();
    lastFin = (first & 0x80) != 0;
    int second = in.readUnsignedByte();
    long length = second & 0x7F;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    byte[] payload = new byte[(int) length];
    in.readFully(payload);
    return new RawFrame(first & 0x0F, payload);
  }

  /**
   * Reads one whole data message, joining the continuation frames a server may split it into (as
   * Tomcat does with text), and returns it as one frame with the first frame's opcode. Control
   * frames between the fragments are skipped.
   */
  public RawFrame readMessage() throws IOException {
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    int opcode = -1;
    while (true) {
      RawFrame frame = readFrame();
      if (frame.opcode() >= 0x8) {
        continue;
      }
      if (opcode < 0) {
        opcode = frame.opcode();
      }
      payload.writeBytes(frame.payload());
      if (lastFin) {
        return new RawFrame(opcode, payload.toByteArray());
      }
    }
  }

  /**
   * Reads frames until a close frame and returns it, skipping the pings and any other frame before
   * it; the pings are not answered.
   */
  public RawFrame readClose() throws IOException {
    while (true) {
      RawFrame frame = readFrame();
      if (frame.opcode() == 0x8) {
        return frame;
      }
    }
  }

  /** Returns whether the server closed the socket: the next read finds its end. */
  public boolean atEnd() throws IOException {
    return in.read() < 0;
  }

  /**
   * Reads until the server closes the connection, within the socket timeout, and returns whether it
   * did.
   */
  public boolean closedByServer() {
    try {
      InputStream stream = in;
      byte[] sink = new byte[8192];
      while (stream.read(sink) >= 0) {
        // Drain until end of stream.
      }
      return true;
    } catch (IOException e) {
      return e.getMessage() != null && e.getMessage().contains("reset");
    }
  }

  /**
   * Resets the connection: closes it with SO_LINGER 0, so that the server gets an RST instead of an
   * orderly end, as when a peer's process dies or its network drops.
   */
  public void reset() throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }
}
