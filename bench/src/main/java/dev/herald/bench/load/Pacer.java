package dev.herald.bench.load;

import java.util.List;

/**
 * Sends at a fixed rate from the sessions of one event loop, round robin, and runs on that loop
 * every millisecond. Each message carries the time it was meant to be sent, not the time it was:
 * when a tick comes late, the messages it owes go out at once with their intended times, so that a
 * stalled server shows in the latency instead of silently slowing the sender (no coordinated
 * omission).
 *
 * <p>Not thread-safe: runs on its event loop only.
 */
final class Pacer implements Runnable {
  private final LoadRun run;
  private final List<Session> sessions;
  private final long start;
  private final double intervalNanos;
  private long count;
  private int next;

  Pacer(LoadRun run, List<Session> sessions, double ratePerSecond, long start) {
    this.run = run;
    this.sessions = sessions;
    this.intervalNanos = 1e9 / ratePerSecond;
    this.start = start;
  }

  @Override
  public void run() {
    if (!run.sending() || sessions.isEmpty()) {
      return;
    }
    long now = Stamps.now();
    long due = (long) ((now - start) / intervalNanos) + 1;
    while (count < due && run.sending()) {
      long intended = start + (long) (count * intervalNanos);
      Session session = sessions.get(next);
      next = next + 1 == sessions.size() ? 0 : next + 1;
      session.send(intended, true);
      count++;
    }
  }
}
