package dev.herald.bench.load;

/**
 * Holds one second of a run, as the progress line printed it.
 *
 * <p>Instances are immutable.
 *
 * @param second seconds since the run started
 * @param connections connections open
 * @param sentPerSecond messages the clients sent
 * @param receivedPerSecond echoes and broadcast deliveries the clients received
 * @param p99Millis the 99th percentile latency of that second (echo, or delivery for fan-out)
 * @param serverRssMib the server's resident memory, or -1 if unknown
 */
record TimelinePoint(
    int second,
    int connections,
    double sentPerSecond,
    double receivedPerSecond,
    double p99Millis,
    double serverRssMib) {}
