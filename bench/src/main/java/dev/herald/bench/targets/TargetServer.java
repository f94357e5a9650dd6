package dev.herald.bench.targets;

import dev.herald.HandshakePolicy;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one benchmark target on the JVM: Herald on Java-WebSocket, Herald on Netty, plain
 * Java-WebSocket or plain Netty, all speaking the protocol described in {@link
 * dev.herald.bench.targets}. The load generator starts it in-process or as a child JVM ({@link
 * #main}); the Node and Bun peers, which speak the same protocol, are processes of their own.
 *
 * <p>This class is thread-safe.
 */
public abstract class TargetServer implements AutoCloseable {

  /** The kinds of target, by the name the command line uses. */
  public enum Kind {
    /** Herald on its Java-WebSocket transport. */
    HERALD_JWS("herald-jws"),
    /** Herald on its Netty transport. */
    HERALD_NETTY("herald-netty"),
    /** Herald on embedded Tomcat 11, through its Jakarta WebSocket transport. */
    HERALD_TOMCAT("herald-tomcat"),
    /** Herald on embedded Jetty 12, through its Jakarta WebSocket transport. */
    HERALD_JETTY("herald-jetty"),
    /** Plain Java-WebSocket 1.6.0 without Herald: the stock path Herald is compared with. */
    RAW_JWS("raw-jws"),
    /** Netty's own WebSocket handler and a channel group, without Herald. */
    PLAIN_NETTY("plain-netty"),
    /** Node's {@code ws} with {@code bufferutil}: a Node process, started from bench/peers. */
    NODE_WS("node-ws", false),
    /** Bun's server (uWebSockets): a Bun process, started from bench/peers. */
    BUN("bun", false);

    private final String label;
    private final boolean jvm;

    Kind(String label) {
      this(label, true);
    }

    Kind(String label, boolean jvm) {
      this.label = label;
      this.jvm = jvm;
    }

    /**
     * Returns whether this target runs on the JVM, so that {@link TargetServer#start} can run it.
     */
    public boolean jvm() {
      return jvm;
    }

    /** Returns the name the command line uses, such as {@code herald-netty}. */
    public String label() {
      return label;
    }

    /**
     * Returns the kind named {@code name}: a label, or {@code herald} with a transport given as
     * {@code java-websocket} or {@code netty}.
     *
     * @throws IllegalArgumentException if no kind has that name
     */
    public static Kind parse(String name) {
      for (Kind kind : values()) {
        if (kind.label.equals(name.toLowerCase(Locale.ROOT))) {
          return kind;
        }
      }
      throw new IllegalArgumentException(
          "unknown target: "
              + name
              + " (herald-jws, herald-netty, herald-tomcat, herald-jetty, raw-jws, plain-netty,"
              + " node-ws or bun)");
    }
  }

  TargetServer() {}

  /**
   * Starts a target of {@code kind} on {@code address} (port 0: any free port) and returns once it
   * listens.
   */
  public static TargetServer start(Kind kind, InetSocketAddress address) {
    return start(kind, address, HandshakePolicy.defaults());
  }

  /**
   * Starts a target of {@code kind} on {@code address} whose Herald targets bound handshakes by
   * {@code handshake} (the others have no such bounds and ignore it), and returns once it listens.
   *
   * @throws IllegalArgumentException if {@code kind} does not run on the JVM
   */
  public static TargetServer start(
      Kind kind, InetSocketAddress address, HandshakePolicy handshake) {
    return switch (kind) {
      case HERALD_JWS -> HeraldTarget.start(address, false, handshake);
      case HERALD_NETTY -> HeraldTarget.start(address, true, handshake);
      case HERALD_TOMCAT -> ContainerTarget.tomcat(address, handshake);
      case HERALD_JETTY -> ContainerTarget.jetty(address, handshake);
      case RAW_JWS -> RawJavaWebSocketTarget.start(address);
      case PLAIN_NETTY -> PlainNettyTarget.start(address);
      case NODE_WS, BUN ->
          throw new IllegalArgumentException(kind.label() + " runs in its own process");
    };
  }

  /** Returns the port the target listens on. */
  public abstract int port();

  /** Returns the number of connections the target holds. */
  public abstract int connections();

  /** Stops the target, dropping its connections. */
  @Override
  public abstract void close();

  /**
   * Runs a target until the process is killed. Arguments: {@code --target
   * herald-jws|herald-netty|herald-tomcat|herald-jetty|raw-jws|plain-netty} (or {@code --target
   * herald --transport java-websocket|netty}), {@code --port N} (default 0), {@code --host}
   * (default 127.0.0.1), {@code --handshake-timeout-ms N} (default: Herald's). Prints {@code
   * LISTENING port} on standard output once it listens.
   */
  public static void main(String[] args) throws InterruptedException {
    String target = "herald-jws";
    String transport = null;
    int port = 0;
    String host = "127.0.0.1";
    HandshakePolicy handshake = HandshakePolicy.defaults();
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--target" -> target = args[i + 1];
        case "--transport" -> transport = args[i + 1];
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        case "--host" -> host = args[i + 1];
        case "--handshake-timeout-ms" ->
            handshake = handshake.timeout(Duration.ofMillis(Long.parseLong(args[i + 1])));
        default -> throw new IllegalArgumentException("unknown option: " + args[i]);
      }
    }
    if (target.equals("herald")) {
      target = "netty".equals(transport) ? "herald-netty" : "herald-jws";
    }
    TargetServer server = start(Kind.parse(target), new InetSocketAddress(host, port), handshake);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "target-shutdown"));
    PrintStream out = System.out;
    out.println("LISTENING " + server.port());
    out.flush();
    new CountDownLatch(1).await();
  }
}
