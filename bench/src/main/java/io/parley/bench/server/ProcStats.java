package io.parley.bench.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * CPU time and resident memory of a process, read from {@code /proc/<pid>/stat} and {@code
 * /proc/<pid>/status} (Linux only; empty elsewhere or when the process is gone).
 */
public final class ProcStats {
  /** Clock ticks per second of {@code /proc/<pid>/stat} times ({@code getconf CLK_TCK}). */
  static final long TICKS_PER_SECOND = 100;

  /**
   * One reading.
   *
   * @param cpuNanos user + system CPU time so far
   * @param rssBytes resident set size now ({@code VmRSS})
   * @param peakRssBytes the highest resident set size so far ({@code VmHWM})
   * @param threads {@code Threads}
   */
  public record Sample(
      long cpuNanos, long systemNanos, long rssBytes, long peakRssBytes, int threads) {}

  private ProcStats() {}

  public static Optional<Sample> read(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // the command name (field 2) may hold spaces: fields count from the last ')'
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long system = Long.parseLong(f[12]); // stime (15)
      long ticks = Long.parseLong(f[11]) + system; // + utime (14)
      long rss = 0;
      long hwm = 0;
      int threads = 0;
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = kib(line);
        } else if (line.startsWith("VmHWM:")) {
          hwm = kib(line);
        } else if (line.startsWith("Threads:")) {
          threads = Integer.parseInt(line.substring(8).trim());
        }
      }
      return Optional.of(
          new Sample(
              ticks * (1_000_000_000L / TICKS_PER_SECOND),
              system * (1_000_000_000L / TICKS_PER_SECOND),
              rss,
              hwm,
              threads));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** CPU time all processes of the machine were busy so far (from /proc/stat), or -1. */
  public static long machineBusyNanos() {
    try {
      String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
      String[] f = first.trim().split("\\s+");
      long busy = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        if (i != 4 && i != 5) { // idle, iowait
          busy += Long.parseLong(f[i]);
        }
      }
      return busy * (1_000_000_000L / TICKS_PER_SECOND);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** The 1-minute load average, or -1. */
  public static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static long kib(String line) {
    String digits = line.replaceAll("[^0-9]", "");
    return Long.parseLong(digits) * 1024;
  }
}
