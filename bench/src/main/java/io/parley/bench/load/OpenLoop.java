package io.parley.bench.load;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * An open-loop schedule: action {@code k} is due at {@code start + k / rate}, whatever happened to
 * the earlier ones. Runs on the calling thread; when it falls behind it fires what is due at once
 * (the callee measures from the intended time, so a slow server shows as latency, never as a
 * politely reduced load). {@link LatencyStat lag} records how late the generator itself fired.
 */
public final class OpenLoop {
  /** One scheduled action. */
  public interface Action {
    void fire(long index, long intendedNanos);
  }

  private static final long SPIN_NANOS = 20_000;

  private OpenLoop() {}

  /**
   * Fires actions from {@code startNanos} until {@code endNanos}, at most {@code maxCount} of them,
   * until {@code stop} says so.
   *
   * @return how many were fired
   */
  public static long run(
      double ratePerSecond,
      long startNanos,
      long endNanos,
      long maxCount,
      BooleanSupplier stop,
      LatencyStat lag,
      Action action) {
    if (ratePerSecond <= 0) {
      return 0;
    }
    double interval = 1e9 / ratePerSecond;
    long k = 0;
    while (k < maxCount) {
      long intended = startNanos + (long) (k * interval);
      if (intended >= endNanos || stop.getAsBoolean()) {
        break;
      }
      long now = System.nanoTime();
      long wait = intended - now;
      if (wait > SPIN_NANOS) {
        LockSupport.parkNanos(Math.min(wait - SPIN_NANOS / 2, 100_000_000L));
        continue;
      }
      if (wait > 0) {
        Thread.onSpinWait();
        continue;
      }
      if (lag != null) {
        lag.record(intended, now);
      }
      action.fire(k, intended);
      k++;
    }
    return k;
  }

  /** Starts {@link #run} on a new thread. */
  public static Thread start(
      String name,
      double ratePerSecond,
      long startNanos,
      long endNanos,
      long maxCount,
      BooleanSupplier stop,
      LatencyStat lag,
      Action action) {
    Thread t =
        new Thread(
            () -> run(ratePerSecond, startNanos, endNanos, maxCount, stop, lag, action), name);
    t.setDaemon(true);
    t.start();
    return t;
  }
}
