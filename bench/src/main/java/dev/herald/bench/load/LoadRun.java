package dev.herald.bench.load;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;

/**
 * Runs one {@link LoadPlan} against one target: opens the connections, runs the workload, measures
 * a window after the warm-up, prints a progress line each second, and closes everything. Every
 * phase is bounded in time, so a run always ends by itself.
 *
 * <p>Latency is recorded for the messages whose send time (the stamp they carry) falls in the
 * measured window, including those whose replies arrive during the drain after it.
 *
 * <p>Not thread-safe: {@link #run} is called once; the callbacks come from event loops.
 */
final class LoadRun {
  private static final int SIGNIFICANT_DIGITS = 3;

  final LoadPlan plan;
  final byte[] template;
  private final String target;
  private final long serverPid;
  private final PrintStream out;
  private final Semaphore pending;
  private final LongAdder sent = new LongAdder();
  private final LongAdder echoes = new LongAdder();
  private final LongAdder deliveries = new LongAdder();
  private final LongAdder expectedEchoes = new LongAdder();
  private final LongAdder expectedDeliveries = new LongAdder();
  private final LongAdder windowEchoes = new LongAdder();
  private final LongAdder windowDeliveries = new LongAdder();
  private final LongAdder windowSent = new LongAdder();
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicInteger drops = new AtomicInteger();
  private final Map<String, LongAdder> reasons = new ConcurrentHashMap<>();
  private final Recorder liveEcho = new Recorder(SIGNIFICANT_DIGITS);
  private final Recorder liveBroadcast = new Recorder(SIGNIFICANT_DIGITS);
  private final Recorder windowEcho = new Recorder(SIGNIFICANT_DIGITS);
  private final Recorder windowBroadcast = new Recorder(SIGNIFICANT_DIGITS);
  private final List<TimelinePoint> timeline = Collections.synchronizedList(new ArrayList<>());
  private final List<Session> sessions = new ArrayList<>();
  private volatile long windowStart = Long.MAX_VALUE;
  private volatile long windowEnd = Long.MAX_VALUE;
  private volatile boolean sending;
  private volatile boolean closing;
  private volatile boolean saturated;
  private @Nullable Histogram period;

  /** Collects the server's garbage before reading its RSS, so that idle memory is what it holds. */
  private final boolean gcBeforeRss;

  LoadRun(LoadPlan plan, String target, long serverPid, PrintStream out) {
    this.plan = plan;
    this.gcBeforeRss = plan.workload() == Workload.IDLE;
    this.target = target;
    this.serverPid = serverPid;
    this.out = out;
    this.template = Stamps.template(plan.messageSize());
    this.pending = new Semaphore(plan.maxPending());
  }

  boolean sending() {
    return sending;
  }

  // Callbacks from the sessions, on their event loops: no allocation, no locks, no printing.

  void welcomed(Session session) {
    open.incrementAndGet();
    pending.release();
  }

  void ended(Session session, boolean welcomed, String why) {
    if (!welcomed) {
      failures.incrementAndGet();
      reasons.computeIfAbsent("failed: " + why, k -> new LongAdder()).increment();
      pending.release();
    } else {
      open.decrementAndGet();
      if (!closing) {
        drops.incrementAndGet();
        reasons.computeIfAbsent("dropped: " + why, k -> new LongAdder()).increment();
      }
    }
  }

  void sent(Session session, long stamp) {
    sent.increment();
    if (stamp >= windowStart && stamp < windowEnd) {
      windowSent.increment();
      if (plan.workload() != Workload.FANOUT) {
        expectedEchoes.increment();
      }
      expectedDeliveries.add(session.audience);
    }
  }

  void echoed(Session session, long stamp) {
    long now = Stamps.now();
    echoes.increment();
    if (stamp >= 0 && now >= stamp) {
      long latency = now - stamp;
      liveEcho.recordValue(latency);
      if (stamp >= windowStart && stamp < windowEnd) {
        windowEcho.recordValue(latency);
        windowEchoes.increment();
      }
    }
    if (sending && plan.workload() == Workload.CLOSED_LOOP) {
      session.send(now, false);
    }
  }

  void broadcastReceived(Session session, long stamp) {
    long now = Stamps.now();
    deliveries.increment();
    if (stamp >= 0 && now >= stamp) {
      long latency = now - stamp;
      liveBroadcast.recordValue(latency);
      if (stamp >= windowStart && stamp < windowEnd) {
        windowBroadcast.recordValue(latency);
        windowDeliveries.increment();
      }
    }
  }

  /** Runs the plan with {@code client} and returns what it measured. */
  Result run(LoadClient client) throws InterruptedException {
    long runStart = System.nanoTime();
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "progress");
              thread.setDaemon(true);
              return thread;
            });
    Progress progress = new Progress(runStart);
    ticker.scheduleAtFixedRate(progress, 1, 1, TimeUnit.SECONDS);
    if (gcBeforeRss) {
      ProcStats.collectGarbage(serverPid);
    }
    long rssBefore = ProcStats.rssKib(serverPid);
    long heapBefore = gcBeforeRss ? ProcStats.heapUsedKib(serverPid) : -1;
    double serverCpuBefore = ProcStats.cpuSeconds(serverPid);
    double clientCpuBefore = ProcStats.cpuSeconds(ProcStats.self());
    Result result;
    try {
      Session publisher = null;
      if (plan.workload() == Workload.FANOUT) {
        publisher = new Session(this, -1, "publisher", plan.connections());
        connectAll(client, List.of(publisher), System.nanoTime() + plan.connectTimeout().toNanos());
      }
      long connectStart = System.nanoTime();
      List<Session> clients = new ArrayList<>(plan.connections());
      for (int i = 0; i < plan.connections(); i++) {
        clients.add(new Session(this, i, plan.idPrefix() + i, plan.audienceOf(i)));
      }
      connectAll(client, clients, connectStart + plan.connectTimeout().toNanos());
      double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
      int notDone = 0;
      for (Session session : clients) {
        if (!session.welcomed()) {
          notDone++;
        }
      }
      int connectFailures = notDone;
      double serverCpuConnect = ProcStats.cpuSeconds(serverPid);
      double clientCpuConnect = ProcStats.cpuSeconds(ProcStats.self());

      Histogram echoLatency;
      Histogram broadcastLatency;
      double windowSeconds;
      double serverCpu;
      double clientCpu;
      if (plan.workload() == Workload.IDLE) {
        sleepNanos(plan.hold().toNanos());
        windowSeconds = connectSeconds;
        serverCpu = cpuShare(serverCpuBefore, serverCpuConnect, connectSeconds);
        clientCpu = cpuShare(clientCpuBefore, clientCpuConnect, connectSeconds);
        echoLatency = windowEcho.getIntervalHistogram();
        broadcastLatency = windowBroadcast.getIntervalHistogram();
      } else {
        long start = Stamps.now();
        // Both ends of the window are fixed before the first send, so that a message counted as
        // sent in the window is always counted when its reply comes, whichever thread sees it.
        windowStart = start + plan.warmup().toNanos();
        windowEnd = windowStart + plan.duration().toNanos();
        sending = true;
        List<ScheduledFuture<?>> pacers = startWorkload(client, clients, publisher, start);
        sleepNanos(plan.warmup().toNanos());
        double serverCpuStart = ProcStats.cpuSeconds(serverPid);
        double clientCpuStart = ProcStats.cpuSeconds(ProcStats.self());
        long measureStart = System.nanoTime();
        sleepWhileSending(windowEnd - Stamps.now());
        if (saturated) {
          windowEnd = Stamps.now();
        }
        double cpuSeconds = (System.nanoTime() - measureStart) / 1e9;
        windowSeconds = (windowEnd - windowStart) / 1e9;
        serverCpu = cpuShare(serverCpuStart, ProcStats.cpuSeconds(serverPid), cpuSeconds);
        clientCpu = cpuShare(clientCpuStart, ProcStats.cpuSeconds(ProcStats.self()), cpuSeconds);
        sending = false;
        for (ScheduledFuture<?> pacer : pacers) {
          pacer.cancel(false);
        }
        drain();
        echoLatency = windowEcho.getIntervalHistogram();
        broadcastLatency = windowBroadcast.getIntervalHistogram();
      }
      if (gcBeforeRss) {
        ProcStats.collectGarbage(serverPid);
      }
      long rssAfter = ProcStats.rssKib(serverPid);
      long heapAfter = gcBeforeRss ? ProcStats.heapUsedKib(serverPid) : -1;
      result =
          result(
              echoLatency,
              broadcastLatency,
              connectSeconds,
              connectFailures,
              windowSeconds,
              serverCpu,
              clientCpu,
              rssBefore,
              rssAfter);
      if (heapBefore >= 0 && heapAfter >= 0) {
        int held = plan.connections() - connectFailures - drops.get();
        // The live heap after a full GC: what the server keeps per connection, without the
        // garbage and free heap that make RSS deltas noisy.
        result.put(
            "live heap per 1k MiB", held > 0 ? (heapAfter - heapBefore) / 1024.0 / held * 1000 : 0);
      }
    } finally {
      closing = true;
      ticker.shutdownNow();
      for (Session session : sessions) {
        Channel channel = session.channel();
        if (channel != null) {
          channel.close();
        }
      }
    }
    waitForClosed();
    return result;
  }

  private Result result(
      Histogram echoLatency,
      Histogram broadcastLatency,
      double connectSeconds,
      int connectFailures,
      double windowSeconds,
      double serverCpu,
      double clientCpu,
      long rssBefore,
      long rssAfter) {
    boolean fanout = plan.workload() == Workload.FANOUT;
    Histogram primary = fanout ? broadcastLatency : echoLatency;
    Result result =
        new Result(
            plan.scenario(),
            target,
            primary,
            plan.workload() == Workload.OPEN_LOOP && broadcastLatency.getTotalCount() > 0
                ? broadcastLatency
                : null,
            timeline);
    result.put("connections", plan.connections());
    result.put("connect time s", connectSeconds);
    result.put("connections/s", (plan.connections() - connectFailures) / connectSeconds);
    result.put("failures", connectFailures);
    result.put("drops", drops.get());
    if (plan.workload() != Workload.IDLE) {
      result.put("sent/s", windowSent.sum() / windowSeconds);
      if (!fanout) {
        result.put("msg/s", windowEchoes.sum() / windowSeconds);
      }
      if (expectedDeliveries.sum() > 0 || windowDeliveries.sum() > 0) {
        result.put("deliveries/s", windowDeliveries.sum() / windowSeconds);
      }
      result.put(
          "missing",
          Math.max(0, expectedEchoes.sum() - windowEchoes.sum())
              + Math.max(0, expectedDeliveries.sum() - windowDeliveries.sum()));
      result.putLatency("", primary);
      if (result.broadcastLatency != null) {
        result.putLatency("broadcast ", broadcastLatency);
      }
    }
    if (rssAfter > 0) {
      result.put("server RSS MiB", rssAfter / 1024.0);
      if (plan.workload() == Workload.IDLE && rssBefore > 0) {
        int held = plan.connections() - connectFailures - drops.get();
        result.put("RSS per 1k MiB", held > 0 ? (rssAfter - rssBefore) / 1024.0 / held * 1000 : 0);
      }
    }
    if (serverCpu >= 0) {
      result.put("server CPU %", serverCpu);
      // What one server core would deliver flat out, for runs where the server was not saturated
      // (the load generator or the rate was the limit): throughput over the CPU share it cost.
      if (plan.workload() != Workload.IDLE && serverCpu > 0) {
        double handled = (windowEchoes.sum() + windowDeliveries.sum()) / windowSeconds;
        result.put("msgs per server CPU-s", handled / (serverCpu / 100));
        result.put("server CPU us/msg", handled > 0 ? 1e6 * (serverCpu / 100) / handled : 0);
      }
    }
    result.put("client CPU %", clientCpu);
    result.put("load avg", ProcStats.loadAverage());
    if (saturated) {
      result.notes.add(
          "saturated: over " + plan.maxBacklog() + " messages unanswered; sending stopped early");
    }
    reasons.forEach((why, count) -> result.notes.add(count.sum() + " x " + why));
    return result;
  }

  /** Opens {@code toOpen}, at the plan's rate and pending bound, and waits for the handshakes. */
  private void connectAll(LoadClient client, List<Session> toOpen, long deadline)
      throws InterruptedException {
    long start = System.nanoTime();
    int started = 0;
    for (Session session : toOpen) {
      if (plan.connectRate() > 0) {
        sleepNanos(start + (long) (started * 1e9 / plan.connectRate()) - System.nanoTime());
      }
      long left = deadline - System.nanoTime();
      if (left <= 0 || !pending.tryAcquire(left, TimeUnit.NANOSECONDS)) {
        break;
      }
      sessions.add(session);
      client
          .connect(plan.uriOf(session.clientId, session.index), session)
          .addListener(
              future -> {
                if (!future.isSuccess()) {
                  session.connectFailed(future.cause());
                }
              });
      started++;
    }
    // Wait for the last handshakes: every started session is either welcomed or has failed.
    while (System.nanoTime() < deadline && pending.availablePermits() < plan.maxPending()) {
      Thread.sleep(5);
    }
  }

  private List<ScheduledFuture<?>> startWorkload(
      LoadClient client, List<Session> clients, @Nullable Session publisher, long start) {
    List<ScheduledFuture<?>> pacers = new ArrayList<>();
    switch (plan.workload()) {
      case CLOSED_LOOP -> {
        for (Session session : clients) {
          Channel channel = session.channel();
          if (session.welcomed() && channel != null) {
            channel
                .eventLoop()
                .execute(
                    () -> {
                      for (int i = 0; i < plan.inflight(); i++) {
                        session.send(Stamps.now(), true);
                      }
                    });
          }
        }
      }
      case OPEN_LOOP -> {
        int welcomed = 0;
        for (Session session : clients) {
          if (session.welcomed()) {
            welcomed++;
          }
        }
        for (EventLoop loop : client.eventLoops()) {
          List<Session> owned = new ArrayList<>();
          for (Session session : clients) {
            Channel channel = session.channel();
            if (session.welcomed() && channel != null && channel.eventLoop() == loop) {
              owned.add(session);
            }
          }
          if (!owned.isEmpty()) {
            double rate = plan.rate() * owned.size() / welcomed;
            pacers.add(pace(loop, new Pacer(this, owned, rate, start)));
          }
        }
      }
      case FANOUT -> {
        Session sender = publisher;
        Channel channel = sender == null ? null : sender.channel();
        if (sender != null && channel != null && sender.welcomed()) {
          pacers.add(
              pace(channel.eventLoop(), new Pacer(this, List.of(sender), plan.rate(), start)));
        }
      }
      case IDLE -> {}
    }
    return pacers;
  }

  private static ScheduledFuture<?> pace(EventLoop loop, Pacer pacer) {
    return loop.scheduleAtFixedRate(pacer, 0, 1, TimeUnit.MILLISECONDS);
  }

  private void sleepWhileSending(long nanos) throws InterruptedException {
    long end = System.nanoTime() + nanos;
    while (System.nanoTime() < end) {
      if (plan.workload() == Workload.OPEN_LOOP && sent.sum() - echoes.sum() > plan.maxBacklog()) {
        saturated = true;
        return;
      }
      sleepNanos(Math.min(10_000_000L, end - System.nanoTime()));
    }
  }

  private void drain() throws InterruptedException {
    long end = System.nanoTime() + plan.drain().toNanos();
    while (System.nanoTime() < end
        && (windowEchoes.sum() < expectedEchoes.sum()
            || windowDeliveries.sum() < expectedDeliveries.sum())) {
      Thread.sleep(10);
    }
  }

  private void waitForClosed() throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (open.get() > 0 && System.nanoTime() < end) {
      Thread.sleep(10);
    }
  }

  private static void sleepNanos(long nanos) throws InterruptedException {
    if (nanos <= 0) {
      return;
    }
    if (nanos > 2_000_000) {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } else {
      LockSupport.parkNanos(nanos);
    }
  }

  private static double cpuShare(double before, double after, double seconds) {
    return before < 0 || after < 0 || seconds <= 0 ? -1 : (after - before) / seconds * 100;
  }

  /** Prints the progress line each second and keeps the timeline. */
  private final class Progress implements Runnable {
    private final long start;
    private long lastSent;
    private long lastReceived;
    private long lastTime;

    Progress(long start) {
      this.start = start;
      this.lastTime = start;
    }

    @Override
    public void run() {
      long now = System.nanoTime();
      double seconds = (now - lastTime) / 1e9;
      long sentNow = sent.sum();
      long receivedNow = echoes.sum() + deliveries.sum();
      Histogram echo = liveEcho.getIntervalHistogram();
      Histogram broadcast = liveBroadcast.getIntervalHistogram();
      Histogram primary = plan.workload() == Workload.FANOUT ? broadcast : echo;
      double sentRate = (sentNow - lastSent) / seconds;
      double receivedRate = (receivedNow - lastReceived) / seconds;
      double p99 =
          primary.getTotalCount() == 0 ? 0 : Result.millis(primary.getValueAtPercentile(99));
      long rss = ProcStats.rssKib(serverPid);
      int second = (int) Math.round((now - start) / 1e9);
      timeline.add(
          new TimelinePoint(
              second, open.get(), sentRate, receivedRate, p99, rss < 0 ? -1 : rss / 1024.0));
      out.printf(
          "[%4ds] %s conns %6d | sent %9.0f/s | recv %10.0f/s | p99 %8.2f ms | fail %d drop %d%n",
          second, target, open.get(), sentRate, receivedRate, p99, failures.get(), drops.get());
      if (plan.periodSeconds() > 0) {
        periodic(primary, second, rss);
      }
      lastSent = sentNow;
      lastReceived = receivedNow;
      lastTime = now;
    }

    private void periodic(Histogram interval, int second, long rss) {
      Histogram sum = period;
      if (sum == null) {
        sum = new Histogram(SIGNIFICANT_DIGITS);
        period = sum;
      }
      sum.add(interval);
      if (second % plan.periodSeconds() == 0) {
        out.printf(
            "== %ds: %d replies, p50 %.2f ms, p99 %.2f ms, max %.2f ms, server RSS %.1f MiB, drops %d%n",
            second,
            sum.getTotalCount(),
            Result.millis(sum.getValueAtPercentile(50)),
            Result.millis(sum.getValueAtPercentile(99)),
            Result.millis(sum.getMaxValue()),
            rss / 1024.0,
            drops.get());
        sum.reset();
      }
    }
  }
}
