package io.parley.bench.server;

import io.parley.client.ParleyClient;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A few of the server's own counters from {@code GET /metrics} (Prometheus text), summed over
 * labels: enough to tell where a message's time goes on the server (store commits, batch sizes).
 */
public final class ServerMetrics {
  /** The series kept (Prometheus names). */
  static final String[] NAMES = {
    "parley_store_commit_seconds_count",
    "parley_store_commit_seconds_sum",
    "parley_store_batch_size_count",
    "parley_store_batch_size_sum",
    "parley_messages_sent_total",
    "parley_messages_delivered_total",
    "parley_delivery_latency_seconds_count",
    "parley_delivery_latency_seconds_sum",
    "parley_ws_slow_consumer_closed_total",
  };

  private ServerMetrics() {}

  /** The kept series now; empty when the server does not answer. */
  public static CompletableFuture<Map<String, Double>> scrape(ParleyClient client) {
    return client.metrics().thenApply(ServerMetrics::parse).exceptionally(e -> Map.of());
  }

  static Map<String, Double> parse(String text) {
    Map<String, Double> values = new HashMap<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("#")) {
        continue;
      }
      for (String name : NAMES) {
        if (line.startsWith(name)
            && (line.charAt(name.length()) == ' ' || line.charAt(name.length()) == '{')) {
          try {
            double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            values.merge(name, v, Double::sum);
          } catch (NumberFormatException e) {
            // not a sample line
          }
        }
      }
    }
    return values;
  }

  /**
   * What happened between two scrapes {@code seconds} apart (before the load and after the drain),
   * as report entries: how busy the store's one committer was and what a write cost it.
   */
  public static Map<String, Object> between(
      Map<String, Double> before, Map<String, Double> after, double seconds) {
    Map<String, Object> r = new java.util.LinkedHashMap<>();
    if (before.isEmpty() || after.isEmpty() || seconds <= 0) {
      return r;
    }
    double commits = delta(before, after, "parley_store_commit_seconds_count");
    double commitSeconds = delta(before, after, "parley_store_commit_seconds_sum");
    double batches = delta(before, after, "parley_store_batch_size_count");
    double writes = delta(before, after, "parley_store_batch_size_sum");
    r.put("store_load_seconds", round(seconds));
    r.put("store_commits", commits);
    r.put("store_writes", writes);
    r.put("store_writes_per_batch", batches == 0 ? 0 : round(writes / batches));
    r.put("store_commit_mean_ms", commits == 0 ? 0 : round(1000 * commitSeconds / commits));
    r.put("store_commit_us_per_write", writes == 0 ? 0 : round(1e6 * commitSeconds / writes));
    r.put("store_committer_busy_percent", round(100 * commitSeconds / seconds));
    double delivered = delta(before, after, "parley_delivery_latency_seconds_count");
    double deliverySeconds = delta(before, after, "parley_delivery_latency_seconds_sum");
    if (delivered > 0) {
      r.put("server_delivery_latency_mean_ms", round(1000 * deliverySeconds / delivered));
    }
    r.put("slow_consumers_closed", delta(before, after, "parley_ws_slow_consumer_closed_total"));
    return r;
  }

  private static double delta(Map<String, Double> a, Map<String, Double> b, String name) {
    return b.getOrDefault(name, 0.0) - a.getOrDefault(name, 0.0);
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
