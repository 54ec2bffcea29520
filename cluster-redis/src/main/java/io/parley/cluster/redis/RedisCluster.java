package io.parley.cluster.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's link to Redis: owns the Lettuce client, its threads and the node's two connections (one
 * for commands, shared by every component, and one for pub/sub), and keeps the node registered as
 * alive (see {@link NodeRegistry}). Create one per node with {@link #connect}, hand it to {@link
 * RedisEventBus}, {@link RedisPresenceRegistry}, {@link RedisRateLimiter} and {@link
 * RedisInvalidations}, and close it last.
 *
 * <p>Failure behaviour: commands fail at once while the connection is down (they are never queued)
 * and after {@link RedisConfig#commandTimeout} when Redis does not answer; Lettuce reconnects with
 * an exponential back-off capped at {@link RedisConfig#maxReconnectDelay} and subscribes to its
 * channels again. Redis must be reachable when the node starts.
 */
public final class RedisCluster implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RedisCluster.class);
  private static final int IO_THREADS = 2;
  private static final Duration MIN_RECONNECT_DELAY = Duration.ofMillis(20);

  private final RedisConfig config;
  private final Keys keys;
  private final ClientResources resources;
  private final RedisClient client;
  private final StatefulRedisConnection<String, byte[]> connection;
  private final StatefulRedisPubSubConnection<String, byte[]> pubsub;
  private final ConcurrentHashMap<String, Consumer<byte[]>> channels = new ConcurrentHashMap<>();
  private final List<Runnable> resubscribedListeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService heartbeats;
  private final NodeRegistry nodes;
  private final AtomicBoolean closed = new AtomicBoolean();

  private RedisCluster(RedisConfig config) {
    this.config = config;
    this.keys = new Keys(config.keyPrefix(), config.nodeId());
    this.resources =
        ClientResources.builder()
            .ioThreadPoolSize(IO_THREADS)
            .computationThreadPoolSize(IO_THREADS)
            .reconnectDelay(
                Delay.exponential(
                    MIN_RECONNECT_DELAY, config.maxReconnectDelay(), 2, TimeUnit.MILLISECONDS))
            .build();
    RedisURI uri = RedisURI.create(config.uri());
    uri.setTimeout(config.commandTimeout());
    this.client = RedisClient.create(resources, uri);
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled(config.commandTimeout()))
            .socketOptions(
                SocketOptions.builder()
                    .connectTimeout(config.commandTimeout())
                    .keepAlive(true)
                    .build())
            .build());
    RedisCodec<String, byte[]> codec = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    StatefulRedisPubSubConnection<String, byte[]> sub = null;
    try {
      this.connection = client.connect(codec);
      sub = client.connectPubSub(codec);
    } catch (RuntimeException e) {
      shutdownClient();
      throw e;
    }
    this.pubsub = sub;
    pubsub.addListener(
        new RedisPubSubAdapter<>() {
          @Override
          public void message(String channel, byte[] message) {
            Consumer<byte[]> handler = channels.get(channel);
            if (handler != null) handler.accept(message);
          }
        });
    this.heartbeats =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "parley-redis-heartbeat");
              thread.setDaemon(true);
              return thread;
            });
    this.nodes = new NodeRegistry(this);
    client.addListener(new Reconnects());
  }

  /**
   * Connects to Redis, takes out of Redis what an earlier run under the same node id left, and
   * starts the node's heartbeat. Fails (a Lettuce {@code RedisConnectionException}) when Redis
   * cannot be reached, and with an {@link IllegalStateException} when that clean-up fails.
   */
  public static RedisCluster connect(RedisConfig config) {
    Objects.requireNonNull(config, "config");
    RedisCluster cluster = new RedisCluster(config);
    try {
      // no overall deadline: the clean-up is a batch per call, and each call has commandTimeout
      cluster.nodes.start().toCompletableFuture().get();
    } catch (Exception e) {
      cluster.haltWithoutLeaving();
      if (e instanceof InterruptedException) Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "could not clear what node " + config.nodeId() + " left in Redis before", e);
    }
    long every = config.heartbeatInterval().toMillis();
    cluster.heartbeats.scheduleWithFixedDelay(
        cluster.nodes::heartbeat, every, every, TimeUnit.MILLISECONDS);
    log.info("Joined Redis at {} as node {}", config.uri(), config.nodeId());
    return cluster;
  }

  public RedisConfig config() {
    return config;
  }

  /** Whether the command connection is up; when it is not, every command fails at once. */
  public boolean isConnected() {
    return connection.isOpen();
  }

  Keys keys() {
    return keys;
  }

  NodeRegistry nodes() {
    return nodes;
  }

  RedisAsyncCommands<String, byte[]> commands() {
    return connection.async();
  }

  StatefulRedisConnection<String, byte[]> connection() {
    return connection;
  }

  /**
   * Calls {@code handler} with every message on {@code channel}, on a Lettuce I/O thread (it must
   * not block). The subscription is renewed by itself after a reconnect.
   */
  CompletionStage<Void> subscribe(String channel, Consumer<byte[]> handler) {
    if (channels.putIfAbsent(channel, handler) != null) {
      throw new IllegalStateException("already subscribed to " + channel);
    }
    return pubsub.async().subscribe(channel);
  }

  /**
   * Runs {@code listener} each time the pub/sub connection is re-established: whatever was
   * published while it was down is lost.
   */
  void onResubscribed(Runnable listener) {
    resubscribedListeners.add(listener);
  }

  /**
   * Leaves the cluster: this node's routing and presence entries are removed (its users go offline
   * now rather than after the node TTL), then the connections and threads are closed.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    heartbeats.shutdownNow();
    try {
      nodes
          .leave()
          .toCompletableFuture()
          .get(config.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      log.warn(
          "Could not remove node {} from Redis; the other nodes ignore it once its TTL has passed,"
              + " and sweep its entries",
          keys.nodeId(),
          e);
    }
    shutdownClient();
  }

  /** Drops everything without telling Redis, as a node killed with -9 would (for tests). */
  void haltWithoutLeaving() {
    if (!closed.compareAndSet(false, true)) return;
    heartbeats.shutdownNow();
    shutdownClient();
  }

  private void shutdownClient() {
    client.shutdown(Duration.ZERO, config.commandTimeout());
    resources.shutdown(0, config.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Re-registers the node as soon as a connection is back, rather than at the next heartbeat. */
  private final class Reconnects implements RedisConnectionStateListener {
    @Override
    public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
      log.info("Reconnected to Redis at {}", address);
      if (handler == pubsub) {
        resubscribedListeners.forEach(Runnable::run);
      } else if (!heartbeats.isShutdown()) {
        heartbeats.execute(nodes::heartbeat);
      }
    }

    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
      if (!closed.get()) log.warn("Lost a connection to Redis; reconnecting");
    }
  }
}
