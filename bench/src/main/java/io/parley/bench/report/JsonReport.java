package io.parley.bench.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/** The machine-readable report ({@code --json} and the {@code .json} file). */
public final class JsonReport {
  private JsonReport() {}

  public static JsonObject toJson(Report r) {
    JsonObject latencies = new JsonObject();
    r.latencies().forEach((name, s) -> latencies.put(name, latency(s)));
    JsonArray timeline = new JsonArray();
    for (TimelinePoint p : r.timeline()) {
      JsonObject values = new JsonObject();
      p.values().entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(e -> values.put(e.getKey(), round(e.getValue())));
      timeline.add(
          new JsonObject().put("t", round(p.t())).put("phase", p.phase()).put("values", values));
    }
    return new JsonObject()
        .put("scenario", r.scenario())
        .put("started", r.started().toString())
        .put("passed", r.passed())
        .put("failure", r.failure())
        .put("parameters", new JsonObject(new java.util.LinkedHashMap<>(r.parameters())))
        .put("results", new JsonObject(new java.util.LinkedHashMap<>(r.results())))
        .put("latency_ms", latencies)
        .put("checks", new JsonObject(new java.util.LinkedHashMap<>(r.checks())))
        .put("errors", new JsonObject(new java.util.LinkedHashMap<>(r.errors())))
        .put("server", new JsonObject(new java.util.LinkedHashMap<>(r.server())))
        .put("notes", new JsonArray(r.notes()))
        .put("timeline", timeline);
  }

  private static JsonObject latency(LatencySummary s) {
    return new JsonObject()
        .put("count", s.count())
        .put("mean", round(s.mean()))
        .put("p50", round(s.p50()))
        .put("p90", round(s.p90()))
        .put("p99", round(s.p99()))
        .put("p99_9", round(s.p999()))
        .put("max", round(s.max()));
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
