package io.parley.bench.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run of a scenario found. {@link #checks} are correctness counts that must be 0 (lost,
 * duplicated, out of order...); {@link #failure} is set when the run could not be carried out.
 */
public final class Report {
  private final String scenario;
  private final Instant started;
  private final Map<String, Object> parameters = new LinkedHashMap<>();
  private final Map<String, Object> results = new LinkedHashMap<>();
  private final Map<String, LatencySummary> latencies = new LinkedHashMap<>();
  private final Map<String, Long> errors = new LinkedHashMap<>();
  private final Map<String, Long> checks = new LinkedHashMap<>();
  private final Map<String, Object> server = new LinkedHashMap<>();
  private final List<TimelinePoint> timeline = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private volatile String failure;

  public Report(String scenario, Instant started) {
    this.scenario = scenario;
    this.started = started;
  }

  public String scenario() {
    return scenario;
  }

  public Instant started() {
    return started;
  }

  public Map<String, Object> parameters() {
    return parameters;
  }

  /** Counts and rates, in insertion order. */
  public Map<String, Object> results() {
    return results;
  }

  public Map<String, LatencySummary> latencies() {
    return latencies;
  }

  public Map<String, Long> errors() {
    return errors;
  }

  /** Correctness counts: every one must be 0. */
  public Map<String, Long> checks() {
    return checks;
  }

  public Map<String, Object> server() {
    return server;
  }

  public List<TimelinePoint> timeline() {
    return timeline;
  }

  public List<String> notes() {
    return notes;
  }

  public String failure() {
    return failure;
  }

  public void fail(String reason) {
    if (failure == null) {
      failure = reason;
    }
  }

  /** Adds a reason to the failure, after any reason given before. */
  public void alsoFail(String reason) {
    failure = failure == null ? reason : failure + "; " + reason;
  }

  public long check(String name) {
    return checks.getOrDefault(name, -1L);
  }

  public Object result(String name) {
    return results.get(name);
  }

  public long count(String name) {
    Object value = results.get(name);
    return value instanceof Number n ? n.longValue() : -1;
  }

  /** The run was carried out and every check is 0. */
  public boolean passed() {
    return failure == null && checks.values().stream().allMatch(v -> v == 0);
  }
}
