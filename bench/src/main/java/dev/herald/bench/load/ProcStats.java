package dev.herald.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a process's resident memory and CPU time from Linux's {@code /proc}; -1 elsewhere. */
final class ProcStats {
  /** Clock ticks per second of {@code /proc/PID/stat}: 100 on every Linux this runs on. */
  private static final double TICKS_PER_SECOND = 100.0;

  /** The generations of GC.heap_info whose "used" figures add up to the heap in use. */
  private static final Pattern HEAP_USED =
      Pattern.compile(
          "(?m)^\\s*(?:def new generation|tenured generation|garbage-first heap|PSYoungGen|ParOldGen)"
              + "\\s+total \\d+K, used (\\d+)K");

  private ProcStats() {}

  /** Returns the resident set size of process {@code pid} in KiB (VmRSS), or -1. */
  static long rssKib(long pid) {
    if (pid <= 0) {
      return -1;
    }
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** Returns the CPU time process {@code pid} has used, user and system, in seconds, or -1. */
  static double cpuSeconds(long pid) {
    if (pid <= 0) {
      return -1;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The command name in parentheses may hold spaces: count fields after its closing one.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Returns the 1-minute load average, or -1. */
  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * Asks JVM {@code pid} for a full collection with {@code jcmd}, so that its resident memory
   * reflects what it holds rather than garbage not yet collected; waits up to 30 s. Does nothing if
   * {@code pid} is unknown, no JVM, or jcmd fails.
   */
  static void collectGarbage(long pid) {
    if (!isJvm(pid)) {
      return;
    }
    try {
      Process jcmd =
          new ProcessBuilder("jcmd", Long.toString(pid), "GC.run")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!jcmd.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        jcmd.destroyForcibly();
      }
    } catch (IOException e) {
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Returns the Java heap JVM {@code pid} uses, in KiB, from {@code jcmd PID GC.heap_info} (Serial,
   * Parallel and G1 collectors), or -1 (also for a process that is no JVM). Right after {@link
   * #collectGarbage} it is the live heap.
   */
  static long heapUsedKib(long pid) {
    if (!isJvm(pid)) {
      return -1;
    }
    try {
      Process jcmd =
          new ProcessBuilder("jcmd", Long.toString(pid), "GC.heap_info")
              .redirectErrorStream(true)
              .start();
      String info = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      jcmd.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
      long used = 0;
      boolean found = false;
      Matcher matcher = HEAP_USED.matcher(info);
      while (matcher.find()) {
        used += Long.parseLong(matcher.group(1));
        found = true;
      }
      return found ? used : -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /**
   * Returns whether {@code pid} runs a {@code java} executable: jcmd attaches by sending SIGQUIT,
   * which ends a Node or Bun process.
   */
  private static boolean isJvm(long pid) {
    if (pid <= 0) {
      return false;
    }
    try {
      Path exe = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "exe"));
      return exe.getFileName() != null && exe.getFileName().toString().equals("java");
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /** Returns this process's id. */
  static long self() {
    return ProcessHandle.current().pid();
  }
}
