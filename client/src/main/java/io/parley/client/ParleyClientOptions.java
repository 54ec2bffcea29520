package io.parley.client;

import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Options of a {@link ParleyClient}, fluent like Vert.x options. Defaults are the {@code DEFAULT_*}
 * constants.
 */
public final class ParleyClientOptions {
  public static final String DEFAULT_BASE_URI = "http://127.0.0.1:8080";
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_HTTP_POOL_SIZE = 32;

  /**
   * WebSockets per server (Vert.x' own default is 50; its "-1" stalls every connect in Vert.x
   * 5.0.7, so a large number stands for "no limit").
   */
  public static final int DEFAULT_MAX_WEB_SOCKETS = 1_000_000;

  /** WebSocket connects in progress at a time, per client; more wait their turn. */
  public static final int DEFAULT_MAX_CONCURRENT_CONNECTS = 256;

  /** Server pings every 30 s; after this long without a byte the socket counts as dead. */
  public static final Duration DEFAULT_WEB_SOCKET_IDLE_TIMEOUT = Duration.ofSeconds(90);

  /** A sync page can hold 500 messages of 64 KiB each. */
  public static final int DEFAULT_MAX_WEB_SOCKET_MESSAGE_SIZE = 64 * 1024 * 1024;

  private URI baseUri = URI.create(DEFAULT_BASE_URI);
  private List<URI> fallbackUris = List.of();
  private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
  private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
  private int httpPoolSize = DEFAULT_HTTP_POOL_SIZE;
  private int maxWebSockets = DEFAULT_MAX_WEB_SOCKETS;
  private int maxConcurrentConnects = DEFAULT_MAX_CONCURRENT_CONNECTS;
  private Duration webSocketIdleTimeout = DEFAULT_WEB_SOCKET_IDLE_TIMEOUT;
  private int maxWebSocketMessageSize = DEFAULT_MAX_WEB_SOCKET_MESSAGE_SIZE;
  private Vertx vertx;

  public ParleyClientOptions() {}

  public ParleyClientOptions(ParleyClientOptions other) {
    this.baseUri = other.baseUri;
    this.fallbackUris = other.fallbackUris;
    this.connectTimeout = other.connectTimeout;
    this.requestTimeout = other.requestTimeout;
    this.httpPoolSize = other.httpPoolSize;
    this.maxWebSockets = other.maxWebSockets;
    this.maxConcurrentConnects = other.maxConcurrentConnects;
    this.webSocketIdleTimeout = other.webSocketIdleTimeout;
    this.maxWebSocketMessageSize = other.maxWebSocketMessageSize;
    this.vertx = other.vertx;
  }

  public URI baseUri() {
    return baseUri;
  }

  /** The server, {@code http://host:port} or {@code https://...}, optionally with a path prefix. */
  public ParleyClientOptions baseUri(String uri) {
    return baseUri(URI.create(uri));
  }

  public ParleyClientOptions baseUri(URI uri) {
    Objects.requireNonNull(uri, "baseUri");
    this.baseUri = checked(uri);
    for (URI fallback : fallbackUris) sameScheme(fallback);
    return this;
  }

  public List<URI> fallbackUris() {
    return fallbackUris;
  }

  /**
   * Other servers of the same deployment (the nodes of a cluster), tried in turn when the current
   * one refuses connections or closes the WebSocket with 1001 (going away): a connection then
   * reconnects to the next one and resumes there. Same scheme as the base URI.
   */
  public ParleyClientOptions fallbackUris(String... uris) {
    List<URI> list = new ArrayList<>(uris.length);
    for (String uri : uris) list.add(sameScheme(checked(URI.create(uri))));
    this.fallbackUris = List.copyOf(list);
    return this;
  }

  /** The base URI, then the fallbacks. */
  public List<URI> endpoints() {
    List<URI> all = new ArrayList<>(1 + fallbackUris.size());
    all.add(baseUri);
    all.addAll(fallbackUris);
    return all;
  }

  private static URI checked(URI uri) {
    String scheme = uri.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getHost() == null) {
      throw new IllegalArgumentException("server URIs must be http(s)://host[:port][/prefix]: " + uri);
    }
    return uri;
  }

  private URI sameScheme(URI uri) {
    if (!uri.getScheme().equals(baseUri.getScheme())) {
      throw new IllegalArgumentException("every server URI must use " + baseUri.getScheme() + ": " + uri);
    }
    return uri;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** TCP connect timeout for HTTP and WebSocket. */
  public ParleyClientOptions connectTimeout(Duration timeout) {
    this.connectTimeout = positive(timeout, "connectTimeout");
    return this;
  }

  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** How long an HTTP request may wait for bytes before failing with {@code TIMEOUT}. */
  public ParleyClientOptions requestTimeout(Duration timeout) {
    this.requestTimeout = positive(timeout, "requestTimeout");
    return this;
  }

  public int httpPoolSize() {
    return httpPoolSize;
  }

  /** Keep-alive HTTP/1.1 connections kept per server (no pipelining). */
  public ParleyClientOptions httpPoolSize(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("httpPoolSize must be >= 1");
    }
    this.httpPoolSize = size;
    return this;
  }

  public int maxWebSockets() {
    return maxWebSockets;
  }

  /** At most this many WebSockets per server; further connects wait for a free slot. */
  public ParleyClientOptions maxWebSockets(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("maxWebSockets must be >= 1");
    }
    this.maxWebSockets = max;
    return this;
  }

  public int maxConcurrentConnects() {
    return maxConcurrentConnects;
  }

  /**
   * WebSocket connects (TCP connect and upgrade) in progress at a time; more wait their turn, and
   * their connect timeout starts when their turn comes. Paces bursts such as many connections
   * coming back at once after a server restart.
   */
  public ParleyClientOptions maxConcurrentConnects(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("maxConcurrentConnects must be >= 1");
    }
    this.maxConcurrentConnects = max;
    return this;
  }

  public Duration webSocketIdleTimeout() {
    return webSocketIdleTimeout;
  }

  /** A WebSocket that receives nothing (not even the server's pings) this long is dropped. */
  public ParleyClientOptions webSocketIdleTimeout(Duration timeout) {
    this.webSocketIdleTimeout = positive(timeout, "webSocketIdleTimeout");
    return this;
  }

  public int maxWebSocketMessageSize() {
    return maxWebSocketMessageSize;
  }

  public ParleyClientOptions maxWebSocketMessageSize(int bytes) {
    if (bytes < 1024) {
      throw new IllegalArgumentException("maxWebSocketMessageSize must be >= 1024");
    }
    this.maxWebSocketMessageSize = bytes;
    return this;
  }

  public Vertx vertx() {
    return vertx;
  }

  /**
   * Runs the client on this Vert.x instance, which the caller keeps owning (closing the client does
   * not close it). Without one, the client creates its own and closes it on {@link
   * ParleyClient#close()}.
   */
  public ParleyClientOptions vertx(Vertx vertx) {
    this.vertx = vertx;
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
