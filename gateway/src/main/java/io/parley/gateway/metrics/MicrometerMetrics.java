package io.parley.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.parley.core.metrics.ParleyMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link ParleyMetrics} over a Micrometer {@link MeterRegistry}, plus what only the gateway sees
 * (WebSocket connections and deliveries). Meter names follow {@code parley.<component>.<event>}:
 *
 * <ul>
 *   <li>{@code parley.messages.sent}, {@code parley.messages.duplicate} (counters)
 *   <li>{@code parley.messages.delivered} (counter): {@code message} frames written to recipients'
 *       sockets
 *   <li>{@code parley.delivery.latency} (timer, histogram): send accepted to frame written to a
 *       recipient's socket, measured on this node
 *   <li>{@code parley.store.commit} (timer), {@code parley.store.batch.size} (summary)
 *   <li>{@code parley.ratelimit.rejected{scope}} (counter)
 *   <li>{@code parley.ws.connections} (gauge), {@code parley.ws.slow_consumer.closed} (counter)
 * </ul>
 */
public final class MicrometerMetrics implements ParleyMetrics {

  private final MeterRegistry registry;
  private final Counter sent;
  private final Counter duplicate;
  private final Counter delivered;
  private final Timer deliveryLatency;
  private final Timer storeCommit;
  private final DistributionSummary batchSize;
  private final Counter slowConsumers;
  private final AtomicLong connections = new AtomicLong();
  private final Map<String, Counter> rejected = new ConcurrentHashMap<>();

  public MicrometerMetrics(MeterRegistry registry) {
    this.registry = registry;
    sent =
        Counter.builder("parley.messages.sent").description("Messages stored").register(registry);
    duplicate =
        Counter.builder("parley.messages.duplicate")
            .description("Sends answered with an earlier message (same client_msg_id)")
            .register(registry);
    delivered =
        Counter.builder("parley.messages.delivered")
            .description("Message frames written to recipients' WebSockets")
            .register(registry);
    deliveryLatency =
        Timer.builder("parley.delivery.latency")
            .description("Send accepted to message frame written to a recipient's WebSocket")
            .publishPercentiles(0.5, 0.95, 0.99, 0.999)
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(100_000))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .register(registry);
    storeCommit =
        Timer.builder("parley.store.commit")
            .description("Time to make one batch of writes durable")
            .publishPercentiles(0.5, 0.99)
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(10_000))
            .maximumExpectedValue(Duration.ofSeconds(5))
            .register(registry);
    batchSize =
        DistributionSummary.builder("parley.store.batch.size")
            .description("Writes per durable commit")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
    slowConsumers =
        Counter.builder("parley.ws.slow_consumer.closed")
            .description("WebSockets closed because their send queue overflowed")
            .register(registry);
    Gauge.builder("parley.ws.connections", connections, AtomicLong::get)
        .description("Open WebSocket connections")
        .register(registry);
  }

  /** The registry the meters live in. */
  public MeterRegistry registry() {
    return registry;
  }

  @Override
  public void messageSent() {
    sent.increment();
  }

  @Override
  public void duplicateSend() {
    duplicate.increment();
  }

  @Override
  public void rateLimited(String scope) {
    rejected
        .computeIfAbsent(
            scope,
            s ->
                Counter.builder("parley.ratelimit.rejected")
                    .description("Requests refused by a rate limit")
                    .tag("scope", s)
                    .register(registry))
        .increment();
  }

  @Override
  public void storeCommit(long nanos, int writes) {
    storeCommit.record(nanos, TimeUnit.NANOSECONDS);
    batchSize.record(writes);
  }

  /**
   * A {@code message} frame was written to a recipient's socket ({@code toRecipient}); frames
   * echoed to the sender's own devices are not counted. {@code sentAtNanos} is the {@link
   * System#nanoTime()} at which the send was accepted (0 when unknown, e.g. from another node).
   */
  public void messageDelivered(long sentAtNanos, boolean toRecipient) {
    if (!toRecipient) return;
    delivered.increment();
    if (sentAtNanos != 0) {
      long nanos = System.nanoTime() - sentAtNanos;
      if (nanos >= 0) deliveryLatency.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  /** A WebSocket was opened. */
  public void connectionOpened() {
    connections.incrementAndGet();
  }

  /** A WebSocket was closed. */
  public void connectionClosed() {
    connections.decrementAndGet();
  }

  /** A WebSocket was closed because it could not keep up (close code 4000). */
  public void slowConsumerClosed() {
    slowConsumers.increment();
  }

  /** Open WebSocket connections as counted here. */
  public long openConnections() {
    return connections.get();
  }
}
