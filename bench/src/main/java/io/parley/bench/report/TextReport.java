package io.parley.bench.report;

import java.util.Locale;
import java.util.Map;

/** The human-readable report: a few aligned tables. */
public final class TextReport {
  private TextReport() {}

  public static String format(Report r) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(Locale.ROOT, "%nParley bench: %s (started %s)%n", r.scenario(), r.started()));
    b.append(r.passed() ? "RESULT: PASSED (all checks 0)" : "RESULT: FAILED");
    if (r.failure() != null) {
      b.append(" - ").append(r.failure());
    }
    b.append(System.lineSeparator());
    section(b, "parameters", r.parameters());
    section(b, "results", r.results());
    if (!r.latencies().isEmpty()) {
      b.append(
          String.format(
              Locale.ROOT,
              "%nlatency (ms)         %9s %9s %9s %9s %9s %9s %9s%n",
              "count",
              "p50",
              "p90",
              "p99",
              "p99.9",
              "max",
              "mean"));
      r.latencies()
          .forEach(
              (name, s) ->
                  b.append(
                      String.format(
                          Locale.ROOT,
                          "  %-18s %9d %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f%n",
                          name,
                          s.count(),
                          s.p50(),
                          s.p90(),
                          s.p99(),
                          s.p999(),
                          s.max(),
                          s.mean())));
    }
    section(b, "checks (must be 0)", r.checks());
    if (!r.errors().isEmpty()) {
      section(b, "errors by code", r.errors());
    }
    section(b, "server process", r.server());
    if (!r.notes().isEmpty()) {
      b.append(String.format("%nnotes%n"));
      r.notes().forEach(n -> b.append("  ").append(n).append(System.lineSeparator()));
    }
    return b.toString();
  }

  private static void section(StringBuilder b, String title, Map<String, ?> values) {
    b.append(String.format("%n%s%n", title));
    values.forEach((k, v) -> b.append(String.format(Locale.ROOT, "  %-28s %s%n", k, render(v))));
  }

  private static String render(Object v) {
    if (v instanceof Double d) {
      return d == Math.rint(d) && Math.abs(d) < 1e15
          ? Long.toString(d.longValue())
          : String.format(Locale.ROOT, "%.2f", d);
    }
    return String.valueOf(v);
  }
}
