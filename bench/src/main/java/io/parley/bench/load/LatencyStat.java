package io.parley.bench.load;

import io.parley.bench.report.LatencySummary;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One latency, in microseconds, measured from the intended time of the action (not from when the
 * generator got round to it: no coordinated omission). Safe for many recording threads. Keeps an
 * interval recorder for the per-second timeline and a histogram of the measured window.
 */
public final class LatencyStat {
  private static final long MAX_MICROS = TimeUnit.HOURS.toMicros(1);

  private final String name;
  private final Window window;
  private final Recorder interval = new Recorder(MAX_MICROS, 3);
  private final Recorder measured = new Recorder(MAX_MICROS, 3);
  private final Histogram measuredTotal = new Histogram(MAX_MICROS, 3);
  private Histogram recycled;

  public LatencyStat(String name, Window window) {
    this.name = name;
    this.window = window;
  }

  public String name() {
    return name;
  }

  /** Records {@code now - intended}; counts it in the report when intended is in the window. */
  public void record(long intendedNanos, long nowNanos) {
    long micros = Math.min(MAX_MICROS, Math.max(0, (nowNanos - intendedNanos) / 1000));
    interval.recordValue(micros);
    if (window.contains(intendedNanos)) {
      measured.recordValue(micros);
    }
  }

  /** What was recorded since the last call (one caller: the monitor thread). */
  public synchronized Histogram takeInterval() {
    Histogram h = interval.getIntervalHistogram(recycled);
    recycled = h;
    return h;
  }

  /** The measured window so far (a stable snapshot, while recording goes on). */
  public synchronized LatencySummary summary() {
    measuredTotal.add(measured.getIntervalHistogram());
    return LatencySummary.of(measuredTotal);
  }

  public synchronized long count() {
    measuredTotal.add(measured.getIntervalHistogram());
    return measuredTotal.getTotalCount();
  }
}
