package dev.herald.examples;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
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
      description = "text, json or msgpack. Default: ${DEFAULT-VALUE}.")
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
      names = "--grace",
      paramLabel = "SECONDS",
      description =
          "On SIGTERM, how long clients have to close after the 1001. Default: ${DEFAULT-VALUE}.")
  private int graceSeconds = 10;

  private Protocol protocol = Protocol.TEXT;
  private ServerTransport transport = ServerTransport.NETTY;

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
      if (options.nodeId != null && !ClientIds.isValid(options.nodeId)) {
        throw new IllegalArgumentException(
            "--node-id is not 1-64 of A-Z a-z 0-9 _ -: " + options.nodeId);
      }
      if (options.graceSeconds < 0) {
        throw new IllegalArgumentException("--grace < 0: " + options.graceSeconds);
      }
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
    new CommandLine(new Options()).usage(System.err);
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

  Duration grace() {
    return Duration.ofSeconds(graceSeconds);
  }

  private static CommandLine commandLine(Options options) {
    // The last of a repeated flag wins, so that a script can override what a wrapper passed.
    return new CommandLine(options).setOverwrittenOptionsAllowed(true);
  }

  private static void checkPort(int port, String flag) {
    if (port < 0 || port > 0xFFFF) {
      throw new IllegalArgumentException(flag + " is not 0-65535: " + port);
    }
  }

  private static void checkPositive(int value, String flag) {
    if (value <= 0) {
      throw new IllegalArgumentException(flag + " <= 0: " + value);
    }
  }
}
