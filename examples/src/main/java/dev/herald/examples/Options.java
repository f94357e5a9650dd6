package dev.herald.examples;

import dev.herald.HandshakePolicy;
import dev.herald.InboundPolicy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Holds the command-line flags of {@link EchoBroadcastServer}. Parsed once by {@link #parse}, then
 * only read.
 *
 * <p>Not thread-safe until parsed; then it is not changed again and may be shared.
 */
@Command(
    name = "herald-examples",
    mixinStandardHelpOptions = true,
    version = "Herald EchoBroadcastServer 0.1.0-SNAPSHOT",
    sortOptions = false,
    description = {
      "Echoes each WebSocket message to its sender and broadcasts it to every other client.",
      "Serves a browser client at /, /health and /metrics on the HTTP port."
    })
final class Options {
  @Option(
      names = {"--port", "--ws-port"},
      paramLabel = "PORT",
      description = "WebSocket port (0: any free port). Default: ${DEFAULT-VALUE}.")
  private int webSocketPort = 8000;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      description =
          "HTTP port of /, /health and /metrics (0: any free port). Default: ${DEFAULT-VALUE}.")
  private int httpPort = 8080;

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      description = "Address both ports listen on. Default: ${DEFAULT-VALUE} (every interface).")
  private String host = "0.0.0.0";

  @Option(
      names = "--protocol",
      paramLabel = "NAME",
      description =
          "What plain clients speak: text, json or msgpack (Herald clients get the Herald protocol whichever it is). Default: ${DEFAULT-VALUE}.")
  private String protocolName = "text";

  @Option(
      names = "--transport",
      paramLabel = "NAME",
      description = "netty or java-websocket. Default: ${DEFAULT-VALUE}.")
  private String transportName = "netty";

  @Option(
      names = "--redis",
      paramLabel = "URI",
      description =
          "Join the cluster on this Redis, e.g. redis://127.0.0.1:6379. Default: run alone.")
  private @Nullable URI redis;

  @Option(
      names = "--node-id",
      paramLabel = "ID",
      description = "This node's id, 1-64 of A-Z a-z 0-9 _ -. Default: random.")
  private @Nullable String nodeId;

  @Option(
      names = "--lease-ttl",
      paramLabel = "SECONDS",
      description =
          "How long the cluster keeps a silent node's entries. Default: ${DEFAULT-VALUE}.")
  private int leaseTtlSeconds = 15;

  @Option(
      names = "--keystore",
      paramLabel = "FILE",
      description =
          "PKCS12 keystore with the server's key and certificate: serve wss:// and https://.")
  private @Nullable Path keystore;

  @Option(
      names = "--keystore-password",
      paramLabel = "PASSWORD",
      // From the environment by default, so that the password need not show in the process list.
      defaultValue = "${env:HERALD_KEYSTORE_PASSWORD:-}",
      description =
          "Password of the keystore and its key. Default: $HERALD_KEYSTORE_PASSWORD, else empty.")
  private String keystorePassword = "";

  @Option(
      names = "--ping-interval",
      paramLabel = "SECONDS",
      description = "Ping a connection silent this long. Default: ${DEFAULT-VALUE}.")
  private int pingIntervalSeconds = 25;

  @Option(
      names = "--pong-timeout",
      paramLabel = "SECONDS",
      description = "Close a pinged connection silent this long. Default: ${DEFAULT-VALUE}.")
  private int pongTimeoutSeconds = 5;

  @Option(
      names = "--max-payload",
      paramLabel = "BYTES",
      description =
          "Largest inbound message; larger ones close with 1009. Default: ${DEFAULT-VALUE}.")
  private int maxPayload = 1 << 20;

  @Option(
      names = "--rate-limit",
      paramLabel = "MESSAGES",
      description =
          "Inbound messages per second a connection may send, in bursts of ten times that; faster"
              + " ones close with 1008. 0: no limit. Default: ${DEFAULT-VALUE}.")
  private int rateLimit = 100;

  @Option(
      names = "--allowed-origin",
      paramLabel = "ORIGIN",
      split = ",",
      description = {
        "Let browsers connect only from this origin, e.g. https://app.example.com; repeat the flag"
            + " or separate origins with commas. Others are refused with 403 (Netty) or 4403"
            + " (Java-WebSocket); a client that sends no Origin (browsers always send one) is let"
            + " in. Default: any origin."
      })
  private List<String> allowedOrigins = new ArrayList<>();

  @Option(
      names = "--max-request-line",
      paramLabel = "BYTES",
      description =
          "Longest handshake request line (GET /path?query HTTP/1.1); longer gets 414."
              + " Default: ${DEFAULT-VALUE}.")
  private int maxRequestLine = HandshakePolicy.defaults().maxRequestLine();

  @Option(
      names = "--max-header-bytes",
      paramLabel = "BYTES",
      description =
          "Most bytes of handshake header lines together; more gets 431. Default: ${DEFAULT-VALUE}.")
  private int maxHeaderBytes = HandshakePolicy.defaults().maxHeaderBytes();

  @Option(
      names = "--max-headers",
      paramLabel = "COUNT",
      description = "Most handshake header lines; more gets 431. Default: ${DEFAULT-VALUE}.")
  private int maxHeaders = HandshakePolicy.defaults().maxHeaders();

  @Option(
      names = "--handshake-timeout",
      paramLabel = "SECONDS",
      description =
          "Close a socket whose WebSocket handshake, TLS included, is not done this long after it"
              + " connected. Default: ${DEFAULT-VALUE}.")
  private int handshakeTimeoutSeconds = (int) HandshakePolicy.defaults().timeout().toSeconds();

  @Option(
      names = "--grace",
      paramLabel = "SECONDS",
      description =
          "On SIGTERM, how long clients have to close after the 1001. Default: ${DEFAULT-VALUE}.")
  private int graceSeconds = 10;

  @Option(
      names = "--reconnect-spread",
      paramLabel = "SECONDS",
      description =
          "On SIGTERM, tell each client to reconnect after a random delay of up to this, so that"
              + " they do not all come back at once. Default: ${DEFAULT-VALUE}.")
  private int reconnectSpreadSeconds = 5;

  private Protocol protocol = Protocol.TEXT;
  private ServerTransport transport = ServerTransport.NETTY;
  private HandshakePolicy handshake = HandshakePolicy.defaults();

  private Options() {}

  /**
   * Parses {@code args}.
   *
   * @throws ParameterException if a flag is unknown or a value is invalid; its command line prints
   *     the usage
   */
  static Options parse(String... args) {
    Options options = new Options();
    CommandLine cli = commandLine(options);
    cli.parseArgs(args);
    try {
      options.protocol = Protocol.of(options.protocolName);
      options.transport = ServerTransport.of(options.transportName);
      checkPort(options.webSocketPort, "--port");
      checkPort(options.httpPort, "--http-port");
      checkPositive(options.pingIntervalSeconds, "--ping-interval");
      checkPositive(options.pongTimeoutSeconds, "--pong-timeout");
      checkPositive(options.maxPayload, "--max-payload");
      checkPositive(options.leaseTtlSeconds, "--lease-ttl");
      if (options.rateLimit < 0) {
        throw new IllegalArgumentException("--rate-limit < 0: " + options.rateLimit);
      }
      if (options.nodeId != null && !ClientIds.isValid(options.nodeId)) {
        throw new IllegalArgumentException(
            "--node-id is not 1-64 of A-Z a-z 0-9 _ -: " + options.nodeId);
      }
      if (options.graceSeconds < 0) {
        throw new IllegalArgumentException("--grace < 0: " + options.graceSeconds);
      }
      if (options.reconnectSpreadSeconds < 0) {
        throw new IllegalArgumentException(
            "--reconnect-spread < 0: " + options.reconnectSpreadSeconds);
      }
      options.allowedOrigins.forEach(Options::checkOrigin);
      options.handshake = options.handshakePolicy();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(cli, e.getMessage(), e);
    }
    return options;
  }

  /** Returns whether {@code --help} or {@code --version} was given instead of running. */
  static boolean printedHelp(String... args) {
    CommandLine cli = commandLine(new Options());
    cli.parseArgs(args);
    return CommandLine.printHelpIfRequested(cli.getParseResult());
  }

  /** Prints the usage to standard error. */
  static void printUsage() {
    System.err.print(usage());
  }

  /** Returns the usage that {@code --help} prints. */
  static String usage() {
    return new CommandLine(new Options()).getUsageMessage();
  }

  InetSocketAddress webSocketAddress() {
    return new InetSocketAddress(host, webSocketPort);
  }

  InetSocketAddress httpAddress() {
    return new InetSocketAddress(host, httpPort);
  }

  Protocol protocol() {
    return protocol;
  }

  ServerTransport transport() {
    return transport;
  }

  @Nullable URI redis() {
    return redis;
  }

  @Nullable String nodeId() {
    return nodeId;
  }

  Duration leaseTtl() {
    return Duration.ofSeconds(leaseTtlSeconds);
  }

  @Nullable Path keystore() {
    return keystore;
  }

  char[] keystorePassword() {
    return keystorePassword.toCharArray();
  }

  Duration pingInterval() {
    return Duration.ofSeconds(pingIntervalSeconds);
  }

  Duration pongTimeout() {
    return Duration.ofSeconds(pongTimeoutSeconds);
  }

  int maxPayload() {
    return maxPayload;
  }

  /** Returns the inbound policy the flags describe: the size and rate limits. */
  InboundPolicy inbound() {
    InboundPolicy sized = InboundPolicy.defaults().maxMessageSize(maxPayload);
    return rateLimit == 0
        ? sized.unlimitedRate()
        : sized.rate(rateLimit, (int) Math.min(Integer.MAX_VALUE, rateLimit * 10L));
  }

  Duration grace() {
    return Duration.ofSeconds(graceSeconds);
  }

  /** Returns the most a client is told to wait before it reconnects after a shutdown. */
  Duration reconnectSpread() {
    return Duration.ofSeconds(reconnectSpreadSeconds);
  }

  /** Returns the origins browsers may connect from; empty for any. */
  List<String> allowedOrigins() {
    return List.copyOf(allowedOrigins);
  }

  HandshakePolicy handshake() {
    return handshake;
  }

  /** Returns the handshake limits, checked by the policy itself, its messages naming the flag. */
  private HandshakePolicy handshakePolicy() {
    HandshakePolicy policy = HandshakePolicy.defaults();
    policy = limit("--max-request-line", policy::maxRequestLine, maxRequestLine);
    policy = limit("--max-header-bytes", policy::maxHeaderBytes, maxHeaderBytes);
    policy = limit("--max-headers", policy::maxHeaders, maxHeaders);
    return limit(
        "--handshake-timeout", policy::timeout, Duration.ofSeconds(handshakeTimeoutSeconds));
  }

  private static CommandLine commandLine(Options options) {
    // The last of a repeated flag wins, so that a script can override what a wrapper passed;
    // --allowed-origin, which takes several, adds them up.
    return new CommandLine(options).setOverwrittenOptionsAllowed(true);
  }

  private static void checkPort(int port, String flag) {
    if (port < 0 || port > 0xFFFF) {
      throw new IllegalArgumentException(flag + " is not 0-65535: " + port);
    }
  }

  private static <V> HandshakePolicy limit(
      String flag, Function<V, HandshakePolicy> setter, V value) {
    try {
      return setter.apply(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(flag + ": " + e.getMessage(), e);
    }
  }

  /**
   * Refuses what a browser never sends as an Origin, such as a trailing slash, which never matches.
   */
  private static void checkOrigin(String origin) {
    URI uri;
    try {
      uri = new URI(origin);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "--allowed-origin is not scheme://host[:port]: " + origin, e);
    }
    if (uri.getScheme() == null
        || uri.getHost() == null
        || uri.getRawUserInfo() != null
        || !uri.getRawPath().isEmpty()
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("--allowed-origin is not scheme://host[:port]: " + origin);
    }
  }

  private static void checkPositive(int value, String flag) {
    if (value <= 0) {
      throw new IllegalArgumentException(flag + " <= 0: " + value);
    }
  }
}
