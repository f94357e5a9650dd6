package dev.herald.bench.load;

import java.net.URI;
import java.time.Duration;

/**
 * Describes one run of the load generator against one target.
 *
 * <p>Instances are immutable.
 *
 * @param scenario the command's name, for reports
 * @param base the target's {@code ws://127.0.0.1:port} address
 * @param connections how many clients connect (the publisher of a fan-out not included)
 * @param idPrefix the prefix of client ids, which picks the server's behaviour
 * @param roomSize clients per room, or 0 for none
 * @param workload what the clients do once connected
 * @param rate messages per second in total (open loop) or of the publisher (fan-out)
 * @param inflight messages each client keeps in flight (closed loop)
 * @param messageSize bytes per message
 * @param connectRate connections opened per second, or 0 for as fast as the pending bound allows
 * @param maxPending handshakes in flight at most
 * @param warmup how long the workload runs before it is measured
 * @param duration how long it is measured
 * @param hold how long idle connections are held after all connected (connect)
 * @param connectTimeout how long opening every connection may take in all
 * @param drain how long to wait for late replies after the measurement
 * @param threads event-loop threads of the client
 * @param periodSeconds seconds between periodic summaries (soak), or 0 for none
 * @param maxBacklog messages sent and not answered after which an open loop stops sending
 */
record LoadPlan(
    String scenario,
    URI base,
    int connections,
    String idPrefix,
    int roomSize,
    Workload workload,
    double rate,
    int inflight,
    int messageSize,
    double connectRate,
    int maxPending,
    Duration warmup,
    Duration duration,
    Duration hold,
    Duration connectTimeout,
    Duration drain,
    int threads,
    int periodSeconds,
    long maxBacklog) {

  /** The most connections one process holds: the open-file limit here is 20,000 per process. */
  static final int MAX_CONNECTIONS = 18_000;

  /** Checks the bounds that keep every run finite and local. */
  LoadPlan {
    if (!"127.0.0.1".equals(base.getHost()) || !"ws".equals(base.getScheme())) {
      throw new IllegalArgumentException("the load generator targets ws://127.0.0.1 only: " + base);
    }
    if (connections < 1 || connections > MAX_CONNECTIONS) {
      throw new IllegalArgumentException(
          "connections not in 1.."
              + MAX_CONNECTIONS
              + " (one process holds at most ~18k under ulimit -n 20000; run several): "
              + connections);
    }
    if (rate < 0 || rate > 1_000_000) {
      throw new IllegalArgumentException("rate not in 0..1,000,000: " + rate);
    }
    if ((workload == Workload.OPEN_LOOP || workload == Workload.FANOUT) && rate <= 0) {
      throw new IllegalArgumentException("rate <= 0: " + rate);
    }
    if (duration.isNegative() || duration.compareTo(Duration.ofHours(24)) > 0) {
      throw new IllegalArgumentException("duration not in 0..24 h: " + duration);
    }
    if (warmup.isNegative() || warmup.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("warmup not in 0..1 h: " + warmup);
    }
    if (hold.isNegative() || hold.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("hold not in 0..1 h: " + hold);
    }
    if (inflight < 1 || inflight > 1000) {
      throw new IllegalArgumentException("inflight not in 1..1000: " + inflight);
    }
    if (maxPending < 1 || threads < 1) {
      throw new IllegalArgumentException("maxPending and threads must be >= 1");
    }
  }

  /** Returns the address a client with id {@code clientId} connects to. */
  URI uriOf(String clientId, int index) {
    String room = roomSize > 0 ? "?room=r" + (index / roomSize) : "";
    return base.resolve("/ws/" + clientId + room);
  }

  /** Returns how many others in its room hear client {@code index}'s broadcast. */
  int audienceOf(int index) {
    if (roomSize <= 0) {
      return idPrefix.startsWith("echo") ? 0 : connections - 1;
    }
    int roomStart = (index / roomSize) * roomSize;
    return Math.min(roomSize, connections - roomStart) - 1;
  }
}
