package io.parley.bench.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks a local JVM about its heap with {@code jcmd}: a full GC, then the used heap, so that memory
 * per connection can be told apart from garbage not yet collected. Empty when jcmd is missing or
 * the process does not answer.
 */
public final class Jcmd {
  private static final Pattern USED = Pattern.compile("used (\\d+)K");

  private Jcmd() {}

  /** Heap in use right after a full GC, in bytes. */
  public static OptionalLong liveHeapBytes(long pid) {
    if (run(pid, "GC.run") == null) {
      return OptionalLong.empty();
    }
    String info = run(pid, "GC.heap_info");
    if (info == null) {
      return OptionalLong.empty();
    }
    Matcher m = USED.matcher(info);
    return m.find() ? OptionalLong.of(Long.parseLong(m.group(1)) * 1024) : OptionalLong.empty();
  }

  private static String run(long pid, String command) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    if (!Files.isExecutable(jcmd)) {
      return null;
    }
    try {
      Process p =
          new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
              .redirectErrorStream(true)
              .start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        return null;
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
