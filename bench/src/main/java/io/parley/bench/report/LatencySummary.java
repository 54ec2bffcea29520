package io.parley.bench.report;

import org.HdrHistogram.AbstractHistogram;

/** Percentiles of a latency histogram recorded in microseconds, reported in milliseconds. */
public record LatencySummary(
    long count, double mean, double p50, double p90, double p99, double p999, double max) {

  public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0, 0);

  public static LatencySummary of(AbstractHistogram h) {
    if (h.getTotalCount() == 0) {
      return EMPTY;
    }
    return new LatencySummary(
        h.getTotalCount(),
        h.getMean() / 1000.0,
        ms(h, 50),
        ms(h, 90),
        ms(h, 99),
        ms(h, 99.9),
        h.getMaxValue() / 1000.0);
  }

  private static double ms(AbstractHistogram h, double percentile) {
    return h.getValueAtPercentile(percentile) / 1000.0;
  }
}
