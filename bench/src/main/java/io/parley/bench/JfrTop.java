package io.parley.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jfr-top FILE}: where a JFR recording (e.g. from {@code --jfr}) spent its CPU samples: the
 * hottest methods (top frame, and anywhere on the stack), the busiest threads, and GC pauses.
 */
@Command(name = "jfr-top", description = "Summarise a JFR recording: hot methods, threads, GC.")
final class JfrTop implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "The .jfr file.")
  Path file;

  @Option(names = "--top", description = "Rows per table (default: ${DEFAULT-VALUE}).")
  int top = 25;

  @Option(
      names = "--native",
      description =
          "Count jdk.NativeMethodSample (threads in native code, incl. waiting in epoll or fsync)"
              + " instead of jdk.ExecutionSample (threads running Java code).")
  boolean nativeSamples;

  @Option(
      names = "--thread",
      description = "Only samples of threads whose name contains this text.")
  String thread;

  @Override
  public Integer call() throws Exception {
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> total = new HashMap<>();
    Map<String, Integer> threads = new HashMap<>();
    Map<String, Integer> packages = new HashMap<>();
    int samples = 0;
    long gcPauses = 0;
    Duration gcPauseTime = Duration.ZERO;
    Duration longestPause = Duration.ZERO;
    for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
      String type = e.getEventType().getName();
      if (type.equals("jdk.GCPhasePause")) {
        gcPauses++;
        gcPauseTime = gcPauseTime.plus(e.getDuration());
        longestPause = e.getDuration().compareTo(longestPause) > 0 ? e.getDuration() : longestPause;
      }
      if (!type.equals(nativeSamples ? "jdk.NativeMethodSample" : "jdk.ExecutionSample")) {
        continue;
      }
      RecordedThread t = e.getThread("sampledThread");
      String name = t == null ? "?" : t.getJavaName();
      if (thread != null && (name == null || !name.contains(thread))) {
        continue;
      }
      RecordedStackTrace stack = e.getStackTrace();
      if (stack == null || stack.getFrames().isEmpty()) {
        continue;
      }
      samples++;
      threads.merge(threadGroup(name), 1, Integer::sum);
      List<RecordedFrame> frames = stack.getFrames();
      String top = method(frames.get(0));
      self.merge(top, 1, Integer::sum);
      packages.merge(pkg(frames.get(0)), 1, Integer::sum);
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (RecordedFrame f : frames) {
        String m = method(f);
        if (seen.add(m)) {
          total.merge(m, 1, Integer::sum);
        }
      }
    }
    System.out.printf(
        "%d CPU samples%s%n", samples, thread == null ? "" : " of threads *" + thread + "*");
    print("threads (numbers stripped)", threads, samples);
    print("top frame: method", self, samples);
    print("top frame: package", packages, samples);
    print("anywhere on the stack", total, samples);
    System.out.printf(
        "%nGC pauses: %d, total %d ms, longest %d ms%n",
        gcPauses, gcPauseTime.toMillis(), longestPause.toMillis());
    return 0;
  }

  private void print(String title, Map<String, Integer> counts, int samples) {
    System.out.printf("%n%s%n", title);
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(top)
        .forEach(
            e ->
                System.out.printf(
                    "  %6.1f%%  %6d  %s%n",
                    100.0 * e.getValue() / samples, e.getValue(), e.getKey()));
  }

  private static String method(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  private static String pkg(RecordedFrame f) {
    String type = f.getMethod().getType().getName();
    int dot = type.lastIndexOf('.');
    return dot < 0 ? type : type.substring(0, dot);
  }

  private static String threadGroup(String name) {
    return name == null ? "?" : name.replaceAll("\\d+", "N");
  }
}
