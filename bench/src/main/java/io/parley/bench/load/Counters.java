package io.parley.bench.load;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Named event counters and error counts by code, safe for many threads. */
public final class Counters {
  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

  public LongAdder counter(String name) {
    return counters.computeIfAbsent(name, n -> new LongAdder());
  }

  public void add(String name, long delta) {
    counter(name).add(delta);
  }

  public void increment(String name) {
    counter(name).increment();
  }

  public long get(String name) {
    LongAdder adder = counters.get(name);
    return adder == null ? 0 : adder.sum();
  }

  /** The counters whose name starts with {@code prefix}, by the rest of their name. */
  public Map<String, Long> withPrefix(String prefix) {
    Map<String, Long> found = new java.util.TreeMap<>();
    counters.forEach(
        (name, adder) -> {
          if (name.startsWith(prefix)) {
            found.put(name.substring(prefix.length()), adder.sum());
          }
        });
    return found;
  }

  /** One more error with this code ({@code RATE_LIMITED}, {@code CONNECTION_CLOSED}...). */
  public void error(String code) {
    errors.computeIfAbsent(code == null ? "UNKNOWN" : code, c -> new LongAdder()).increment();
  }

  private final java.util.Queue<String> notes = new java.util.concurrent.ConcurrentLinkedQueue<>();

  /** A diagnostic for the report (keep them few). */
  public void note(String text) {
    notes.add(text);
  }

  public java.util.List<String> notes() {
    return java.util.List.copyOf(notes);
  }

  public long errorTotal() {
    return errors.values().stream().mapToLong(LongAdder::sum).sum();
  }

  public Map<String, Long> errors() {
    Map<String, Long> copy = new LinkedHashMap<>();
    errors.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> copy.put(e.getKey(), e.getValue().sum()));
    return copy;
  }
}
