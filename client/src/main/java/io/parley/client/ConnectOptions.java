package io.parley.client;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of one WebSocket connection ({@link ParleyClient#connect}), fluent like Vert.x options.
 * The connection copies them when it starts.
 */
public final class ConnectOptions {
  public static final boolean DEFAULT_AUTO_RECONNECT = true;
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);

  /** Each delay is drawn from [d * (1 - jitter), d]. */
  public static final double DEFAULT_BACKOFF_JITTER = 0.5;

  /** -1: retry forever. */
  public static final int DEFAULT_MAX_RECONNECT_ATTEMPTS = -1;

  public static final int DEFAULT_RESUME_PAGE_SIZE = 200;
  public static final int DEFAULT_DEDUPE_WINDOW = 1024;
  public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(10);

  /** The server refuses more than 256 requests in progress per connection. */
  public static final int DEFAULT_MAX_IN_FLIGHT_SENDS = 200;

  private boolean autoReconnect = DEFAULT_AUTO_RECONNECT;
  private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
  private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
  private double backoffJitter = DEFAULT_BACKOFF_JITTER;
  private int maxReconnectAttempts = DEFAULT_MAX_RECONNECT_ATTEMPTS;
  private String resumeCursor;
  private int resumePageSize = DEFAULT_RESUME_PAGE_SIZE;
  private int dedupeWindow = DEFAULT_DEDUPE_WINDOW;
  private String localAddress;
  private Duration readyTimeout = DEFAULT_READY_TIMEOUT;
  private int maxInFlightSends = DEFAULT_MAX_IN_FLIGHT_SENDS;

  public ConnectOptions() {}

  public ConnectOptions(ConnectOptions other) {
    this.autoReconnect = other.autoReconnect;
    this.initialBackoff = other.initialBackoff;
    this.maxBackoff = other.maxBackoff;
    this.backoffJitter = other.backoffJitter;
    this.maxReconnectAttempts = other.maxReconnectAttempts;
    this.resumeCursor = other.resumeCursor;
    this.resumePageSize = other.resumePageSize;
    this.dedupeWindow = other.dedupeWindow;
    this.localAddress = other.localAddress;
    this.readyTimeout = other.readyTimeout;
    this.maxInFlightSends = other.maxInFlightSends;
  }

  public boolean autoReconnect() {
    return autoReconnect;
  }

  /**
   * Reconnect with backoff after an unexpected close (network error, 1001, 1006, 1011-1013, 4000,
   * 4001), then resume from {@link ParleyConnection#cursor()} and retry in-flight sends.
   */
  public ConnectOptions autoReconnect(boolean autoReconnect) {
    this.autoReconnect = autoReconnect;
    return this;
  }

  public Duration initialBackoff() {
    return initialBackoff;
  }

  public ConnectOptions initialBackoff(Duration backoff) {
    this.initialBackoff = positive(backoff, "initialBackoff");
    return this;
  }

  public Duration maxBackoff() {
    return maxBackoff;
  }

  public ConnectOptions maxBackoff(Duration backoff) {
    this.maxBackoff = positive(backoff, "maxBackoff");
    return this;
  }

  public double backoffJitter() {
    return backoffJitter;
  }

  /** 0 (none) to 1 (a delay anywhere between 0 and the exponential value). */
  public ConnectOptions backoffJitter(double jitter) {
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("backoffJitter must be within [0, 1]");
    }
    this.backoffJitter = jitter;
    return this;
  }

  public int maxReconnectAttempts() {
    return maxReconnectAttempts;
  }

  /** Consecutive failed attempts before giving up; -1 for never. */
  public ConnectOptions maxReconnectAttempts(int attempts) {
    if (attempts == 0 || attempts < -1) {
      throw new IllegalArgumentException("maxReconnectAttempts must be > 0 or -1");
    }
    this.maxReconnectAttempts = attempts;
    return this;
  }

  public String resumeCursor() {
    return resumeCursor;
  }

  /**
   * A cursor saved from an earlier connection ({@link ParleyConnection#cursor()}): right after the
   * first {@code ready}, the connection syncs from it and delivers what was missed to the listener.
   */
  public ConnectOptions resumeCursor(String cursor) {
    this.resumeCursor = cursor;
    return this;
  }

  public int resumePageSize() {
    return resumePageSize;
  }

  /** The {@code limit} of each resume {@code sync}, 1-500. */
  public ConnectOptions resumePageSize(int size) {
    if (size < 1 || size > 500) {
      throw new IllegalArgumentException("resumePageSize must be within [1, 500]");
    }
    this.resumePageSize = size;
    return this;
  }

  public int dedupeWindow() {
    return dedupeWindow;
  }

  /** How many recently delivered message ids are remembered to drop repeats. */
  public ConnectOptions dedupeWindow(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("dedupeWindow must be >= 1");
    }
    this.dedupeWindow = size;
    return this;
  }

  public String localAddress() {
    return localAddress;
  }

  /**
   * Binds the socket to this local IP (e.g. {@code 127.0.0.7}) before connecting, to spread many
   * connections over several source addresses. Null: the system picks.
   */
  public ConnectOptions localAddress(String address) {
    this.localAddress = address;
    return this;
  }

  public Duration readyTimeout() {
    return readyTimeout;
  }

  /** How long after the upgrade the server may take to send {@code ready}. */
  public ConnectOptions readyTimeout(Duration timeout) {
    this.readyTimeout = positive(timeout, "readyTimeout");
    return this;
  }

  public int maxInFlightSends() {
    return maxInFlightSends;
  }

  /**
   * At most this many sends are written and waiting for their ack; more wait in the connection and
   * go out as acks come back (the server answers {@code RATE_LIMITED} past 256 requests in
   * progress).
   */
  public ConnectOptions maxInFlightSends(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("maxInFlightSends must be >= 1");
    }
    this.maxInFlightSends = max;
    return this;
  }

  private static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
    return d;
  }
}
