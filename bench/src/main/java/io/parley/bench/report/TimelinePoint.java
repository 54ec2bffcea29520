package io.parley.bench.report;

import java.util.Map;

/**
 * One second of a run: seconds since the start, the phase ({@code warmup}, {@code measure}, {@code
 * drain}...) and named values (rates per second, latency percentiles in ms, server CPU %...).
 */
public record TimelinePoint(double t, String phase, Map<String, Double> values) {
  public TimelinePoint {
    values = Map.copyOf(values);
  }
}
