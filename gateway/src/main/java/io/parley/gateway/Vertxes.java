package io.parley.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.EnumSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the {@link Vertx} instance Parley runs on: native epoll transport when available, one
 * event loop per core, and Vert.x's own metrics (HTTP requests by method, status and route;
 * connections; JVM) in the given Micrometer registry under {@code vertx.*} and {@code jvm.*}.
 */
public final class Vertxes {

  private static final Logger log = LoggerFactory.getLogger(Vertxes.class);

  private Vertxes() {}

  /** One event loop per available core. */
  public static Vertx create(MeterRegistry registry) {
    return create(registry, Runtime.getRuntime().availableProcessors());
  }

  public static Vertx create(MeterRegistry registry, int eventLoops) {
    if (eventLoops < 1) throw new IllegalArgumentException("eventLoops must be >= 1");
    MicrometerMetricsOptions metrics =
        new MicrometerMetricsOptions()
            .setEnabled(true)
            .setJvmMetricsEnabled(true)
            .setLabels(EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE, Label.HTTP_ROUTE));
    VertxOptions options =
        new VertxOptions()
            .setPreferNativeTransport(true)
            .setEventLoopPoolSize(eventLoops)
            .setMetricsOptions(metrics);
    Vertx vertx =
        Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry)).build();
    if (vertx.isNativeTransportEnabled()) {
      log.info("Vert.x started with native transport (epoll), {} event loops", eventLoops);
    } else {
      Throwable cause = vertx.unavailableNativeTransportCause();
      log.warn(
          "Vert.x started WITHOUT native transport (NIO), {} event loops: {}",
          eventLoops,
          cause == null ? "not requested" : cause.toString());
    }
    return vertx;
  }
}
