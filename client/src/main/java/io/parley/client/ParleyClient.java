package io.parley.client;

import static io.parley.client.HttpTransport.query;
import static io.parley.client.HttpTransport.segment;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The Parley Java SDK: every HTTP endpoint of docs/API.md, and live WebSocket connections with
 * automatic reconnect and resume. Asynchronous: calls return {@link CompletableFuture}s that fail
 * with {@link ParleyException}. Thread-safe; one client serves many sessions and connections.
 *
 * <pre>{@code
 * try (ParleyClient client = ParleyClient.create("http://127.0.0.1:8080")) {
 *   client.register("alice", "correct-horse").join();
 *   Session alice = client.login("alice", "correct-horse").join();
 *   User bob = client.userByUsername(alice, "bob").join();
 *   ParleyConnection ws = client.connect(alice, new ConnectionListener() {
 *     @Override public void onMessage(Message m, long receivedNanos) {
 *       System.out.println(m.senderId() + ": " + m.content());
 *     }
 *   }).join();
 *   Message sent = ws.send(bob.userId(), "hello", null).join(); // durable once acked
 *   Page page = client.history(alice, alice.userId(), HistoryQuery.FIRST).join();
 * }
 * }</pre>
 *
 * <p>Groups are under {@link #groups()}; a {@link ParleyConnection} reconnects by itself after a
 * network failure and resumes from its cursor, so every message reaches {@link
 * ConnectionListener#onMessage} once and in order (see {@link ParleyConnection}). {@link
 * #rawRequest} and {@link ParleyConnection#sendRaw} send anything, for tests of bad input.
 *
 * <p>Futures complete on Vert.x event-loop threads: do not block in their callbacks ({@code join()}
 * from your own threads is fine). For load generation, pass one shared {@link Vertx} (with native
 * transport) in {@link ParleyClientOptions#vertx(Vertx)} and open many connections from one client;
 * {@link ConnectOptions#localAddress(String)} spreads them over several source addresses.
 */
public final class ParleyClient implements AutoCloseable {
  private final ParleyClientOptions options;
  private final Vertx vertx;
  private final boolean ownsVertx;
  private final HttpTransport http;
  private final ParleyGroups groups;
  private final ConcurrentHashMap<String, WebSocketClient> webSocketClients =
      new ConcurrentHashMap<>();
  private final Set<ParleyConnection> connections = ConcurrentHashMap.newKeySet();
  private final ConnectGate connectGate;
  private volatile boolean closed;

  private ParleyClient(ParleyClientOptions options) {
    this.options = new ParleyClientOptions(options);
    this.ownsVertx = options.vertx() == null;
    this.vertx = ownsVertx ? Vertx.vertx() : options.vertx();
    this.http = new HttpTransport(vertx, this.options);
    this.groups = new ParleyGroups(http);
    this.connectGate = new ConnectGate(this.options.maxConcurrentConnects());
  }

  /** A client for the server at {@code baseUri} (e.g. {@code http://127.0.0.1:8080}). */
  public static ParleyClient create(String baseUri) {
    return new ParleyClient(new ParleyClientOptions().baseUri(baseUri));
  }

  public static ParleyClient create(ParleyClientOptions options) {
    return new ParleyClient(options);
  }

  public Vertx vertx() {
    return vertx;
  }

  /** A copy of the options the client runs with. */
  public ParleyClientOptions options() {
    return new ParleyClientOptions(options);
  }

  // ---- accounts ----

  /** {@code POST /auth/register}. */
  public CompletableFuture<Registration> register(String username, String password) {
    return register(username, password, null);
  }

  /** {@code POST /auth/register} with a phone number in E.164 form. */
  public CompletableFuture<Registration> register(String username, String password, String phone) {
    JsonObject body = new JsonObject().put("username", username).put("password", password);
    if (phone != null) {
      body.put("phone", phone);
    }
    return call(HttpMethod.POST, "/auth/register", body, null, Codec::registration);
  }

  /** {@code POST /auth/login}. */
  public CompletableFuture<Session> login(String username, String password) {
    JsonObject body = new JsonObject().put("username", username).put("password", password);
    return call(HttpMethod.POST, "/auth/login", body, null, Codec::session);
  }

  /** {@code GET /users/me}. */
  public CompletableFuture<User> me(Session session) {
    return call(HttpMethod.GET, "/users/me", null, session, Codec::user);
  }

  /** {@code GET /users/{user_id}}. */
  public CompletableFuture<User> user(Session session, String userId) {
    return call(HttpMethod.GET, "/users/" + segment(userId), null, session, Codec::user);
  }

  /** {@code GET /users?username=NAME}. */
  public CompletableFuture<User> userByUsername(Session session, String username) {
    return call(HttpMethod.GET, "/users?username=" + query(username), null, session, Codec::user);
  }

  // ---- messages ----

  /** {@code POST /messages/send}: completes once the message is durable. */
  public CompletableFuture<Message> send(Session session, SendRequest request) {
    JsonObject body = Codec.sendBody(request, request.clientMsgId());
    return call(HttpMethod.POST, "/messages/send", body, session, Codec::message);
  }

  /** {@code GET /messages/{user_id}?since=&after=&limit=}: history, oldest first. */
  public CompletableFuture<Page> history(Session session, String userId, HistoryQuery query) {
    StringBuilder path = new StringBuilder("/messages/").append(segment(userId));
    char sep = '?';
    if (query.since() != null) {
      path.append(sep).append("since=").append(query.since());
      sep = '&';
    }
    if (query.after() != null) {
      path.append(sep).append("after=").append(query(query.after()));
      sep = '&';
    }
    if (query.limit() != null) {
      path.append(sep).append("limit=").append(query.limit());
    }
    return call(HttpMethod.GET, path.toString(), null, session, Codec::page);
  }

  /** {@code GET /conversations}: most recently active first. */
  public CompletableFuture<List<ConversationSummary>> conversations(Session session) {
    return call(HttpMethod.GET, "/conversations", null, session, Codec::conversations);
  }

  /**
   * {@code GET /conversations/{id}/messages?before=&limit=}: newest first.
   *
   * @param before a {@link ConversationPage#nextBefore()}, or null for the newest page
   * @param limit null for the server's default
   */
  public CompletableFuture<ConversationPage> conversationMessages(
      Session session, String conversationId, String before, Integer limit) {
    StringBuilder path =
        new StringBuilder("/conversations/").append(segment(conversationId)).append("/messages");
    char sep = '?';
    if (before != null) {
      path.append(sep).append("before=").append(query(before));
      sep = '&';
    }
    if (limit != null) {
      path.append(sep).append("limit=").append(limit);
    }
    return call(HttpMethod.GET, path.toString(), null, session, Codec::conversationPage);
  }

  /** {@code POST /receipts}; completes with the number of acknowledged ids. */
  public CompletableFuture<Integer> receipts(
      Session session, ReceiptType type, Collection<String> messageIds) {
    JsonObject body =
        new JsonObject()
            .put("type", type.wire())
            .put("message_ids", new JsonArray(new ArrayList<Object>(messageIds)));
    return call(
        HttpMethod.POST, "/receipts", body, session, json -> (int) Codec.num(json, "acknowledged"));
  }

  /** {@code GET /messages/{message_id}/receipts}: where each recipient of the message stands. */
  public CompletableFuture<MessageReceipts> messageReceipts(Session session, String messageId) {
    return call(
        HttpMethod.GET,
        "/messages/" + segment(messageId) + "/receipts",
        null,
        session,
        Codec::messageReceipts);
  }

  /** The group calls: create, list, rename, members, roles, invites. */
  public ParleyGroups groups() {
    return groups;
  }

  // ---- operations ----

  /** {@code GET /health}: {@code "ok"}, or {@code "draining"} (503) while the server stops. */
  public CompletableFuture<String> health() {
    return rawRequest("GET", "/health", null, null)
        .thenCompose(
            r -> {
              if (r.status() == 200 || r.status() == 503) {
                try {
                  return CompletableFuture.completedFuture(r.json().getString("status"));
                } catch (RuntimeException e) {
                  return CompletableFuture.failedFuture(HttpTransport.badResponse(r, e));
                }
              }
              return CompletableFuture.failedFuture(ParleyException.fromResponse(r));
            });
  }

  /** {@code GET /metrics}: Prometheus text. */
  public CompletableFuture<String> metrics() {
    return rawRequest("GET", "/metrics", null, null)
        .thenCompose(
            r ->
                r.status() == 200
                    ? CompletableFuture.completedFuture(r.body())
                    : CompletableFuture.failedFuture(ParleyException.fromResponse(r)));
  }

  /**
   * Any request, answered as received whatever the status: the escape hatch for tests of bad input.
   * Fails only when no answer came (transport trouble).
   *
   * @param path the path and query, e.g. {@code /messages/send}; the base URI's prefix is added
   * @param body sent as {@code application/json} when not null
   * @param token sent as a bearer token when not null
   */
  public CompletableFuture<RawResponse> rawRequest(
      String method, String path, String body, String token) {
    return http.raw(method, path, body, token);
  }

  // ---- WebSocket ----

  /** Opens a WebSocket with the default {@link ConnectOptions}; completes on {@code ready}. */
  public CompletableFuture<ParleyConnection> connect(Session session, ConnectionListener listener) {
    return connect(session, new ConnectOptions(), listener);
  }

  /**
   * Opens a WebSocket ({@code GET /ws?token=}); completes on the server's {@code ready} frame, or
   * fails with {@link ParleyException} (e.g. 401 {@code UNAUTHORIZED} / {@code TOKEN_EXPIRED}). The
   * first connect is not retried; after it, {@link ConnectOptions#autoReconnect()} applies.
   */
  public CompletableFuture<ParleyConnection> connect(
      Session session, ConnectOptions options, ConnectionListener listener) {
    Objects.requireNonNull(session, "session");
    if (closed) {
      return CompletableFuture.failedFuture(ParleyException.closed("client closed"));
    }
    return ParleyConnection.open(
        this,
        session,
        new ConnectOptions(options),
        listener == null ? ConnectionListener.NONE : listener);
  }

  /** The servers of this client and the one in use. */
  Endpoints endpoints() {
    return http.endpoints;
  }

  /**
   * Connects one socket, when {@link ParleyClientOptions#maxConcurrentConnects()} allows; called by
   * a connection on its own context, where the answer arrives.
   */
  Future<WebSocket> openWebSocket(String token, String localAddress, Endpoints.Endpoint endpoint) {
    ContextInternal context = (ContextInternal) Vertx.currentContext();
    Promise<WebSocket> promise = context.promise();
    connectGate.submit(
        () ->
            context.runOnContext(
                v ->
                    connectNow(token, localAddress, endpoint)
                        .onComplete(
                            ar -> {
                              connectGate.done();
                              promise.handle(ar);
                            })));
    return promise.future();
  }

  private Future<WebSocket> connectNow(
      String token, String localAddress, Endpoints.Endpoint endpoint) {
    if (closed) {
      return Future.failedFuture(ParleyException.closed("client closed"));
    }
    WebSocketClient ws =
        webSocketClients.computeIfAbsent(
            localAddress == null ? "" : localAddress, this::newWsClient);
    WebSocketConnectOptions connect =
        new WebSocketConnectOptions()
            .setHost(endpoint.host())
            .setPort(endpoint.port())
            .setSsl(endpoint.ssl())
            .setURI(endpoint.prefix() + "/ws?token=" + query(token))
            .setConnectTimeout(options.connectTimeout().toMillis());
    return ws.connect(connect);
  }

  private WebSocketClient newWsClient(String localAddress) {
    WebSocketClientOptions o =
        new WebSocketClientOptions()
            .setMaxConnections(options.maxWebSockets())
            .setMaxMessageSize(options.maxWebSocketMessageSize())
            .setMaxFrameSize(options.maxWebSocketMessageSize())
            .setConnectTimeout((int) options.connectTimeout().toMillis())
            .setReadIdleTimeout((int) options.webSocketIdleTimeout().toMillis())
            .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
            .setSsl(http.endpoints.ssl())
            .setTcpNoDelay(true);
    if (!localAddress.isEmpty()) {
      o.setLocalAddress(localAddress);
    }
    return vertx.createWebSocketClient(o);
  }

  // ---- lifecycle ----

  /**
   * Closes every connection of this client (for good, close code 1000), then the HTTP and WebSocket
   * clients, then the Vert.x instance when the client created it.
   */
  public CompletableFuture<Void> closeAsync() {
    closed = true;
    CompletableFuture<?>[] sockets =
        connections.stream().map(ParleyConnection::close).toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(sockets)
        .handle((v, e) -> null)
        .thenCompose(
            v -> {
              List<Future<Void>> all = new ArrayList<>();
              all.add(http.close());
              webSocketClients.values().forEach(c -> all.add(c.close()));
              webSocketClients.clear();
              Future<Void> done = Future.join(all).mapEmpty();
              if (ownsVertx) {
                done = done.eventually(vertx::close);
              }
              return done.toCompletionStage();
            });
  }

  /** True once {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  void track(ParleyConnection connection) {
    connections.add(connection);
  }

  void untrack(ParleyConnection connection) {
    connections.remove(connection);
  }

  /**
   * {@link #closeAsync()}, waiting up to 10 s unless called on a Vert.x thread (where it does not
   * wait).
   */
  @Override
  public void close() {
    CompletableFuture<Void> done = closeAsync();
    Context context = Vertx.currentContext();
    if (context == null || !context.isEventLoopContext()) {
      try {
        done.get(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        // closing is best effort
      }
    }
  }

  // ---- internals ----

  private <T> CompletableFuture<T> call(
      HttpMethod method,
      String path,
      JsonObject body,
      Session session,
      Function<JsonObject, T> decode) {
    return http.call(method, path, body, session, decode);
  }
}
