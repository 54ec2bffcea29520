package io.parley.bench.load;

import java.time.Duration;

/**
 * The measured part of a run, in {@link System#nanoTime()}: values whose intended time falls inside
 * count towards the report; the warm-up before it and the drain after it do not.
 */
public final class Window {
  private volatile long start = Long.MAX_VALUE;
  private volatile long end = Long.MAX_VALUE;

  /** Measures from {@code start} for {@code length}. */
  public void set(long startNanos, Duration length) {
    this.end = startNanos + length.toNanos();
    this.start = startNanos;
  }

  public boolean contains(long nanos) {
    return nanos >= start && nanos < end;
  }

  public long startNanos() {
    return start;
  }

  public long endNanos() {
    return end;
  }

  public double seconds() {
    return start == Long.MAX_VALUE ? 0 : (end - start) / 1e9;
  }
}
