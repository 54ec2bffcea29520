package io.parley.client;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * A live WebSocket to the server ({@code GET /ws}), from {@link ParleyClient#connect}. Events go to
 * the {@link ConnectionListener}; calls that the server answers return futures.
 *
 * <p><b>Reconnect and resume.</b> With {@link ConnectOptions#autoReconnect()} (the default), when
 * the socket closes unexpectedly (network error or no close frame, 1001, 1011-1013, 4000, 4001) the
 * connection reconnects with exponential backoff and jitter; after the new {@code ready} it writes
 * again every send still waiting for its ack (same {@code client_msg_id}: the server de-duplicates,
 * so each send future completes once) and syncs from {@link #cursor()} while {@code has_more},
 * delivering the missed messages to {@link ConnectionListener#onMessage} once each and in order
 * before any live message that arrived meanwhile. Close code 4002 (token expired), an upgrade
 * refused with 401/403, {@link #close()} or {@link ConnectOptions#maxReconnectAttempts()} end the
 * connection for good: {@link ConnectionListener#onClose} with {@code reconnecting=false}, and
 * pending futures fail with {@link ParleyException}.
 *
 * <p>Thread-safe: every method may be called from any thread. The connection lives on one Vert.x
 * event loop (the caller's when {@link ParleyClient#connect} is called on one, else a new one in
 * round-robin) where listener methods run and futures complete.
 */
public final class ParleyConnection {
  private final ConnectionCore core;

  private ParleyConnection(ConnectionCore core) {
    this.core = core;
  }

  static CompletableFuture<ParleyConnection> open(
      ParleyClient client, Session session, ConnectOptions options, ConnectionListener listener) {
    ConnectionCore core = new ConnectionCore(client, session, options, listener);
    return core.open(new ParleyConnection(core));
  }

  // ---- calls ----

  /**
   * Sends a message; completes with it once the server acked it (durable) or fails with the
   * server's error. A null {@code clientMsgId} in the request is replaced by a generated one. While
   * the connection is reconnecting, the send waits and goes out after the reconnect; at most {@link
   * ConnectOptions#maxInFlightSends()} sends are on the wire at a time.
   */
  public CompletableFuture<Message> send(SendRequest request) {
    return core.send(request);
  }

  /** Sends a 1:1 message; {@code clientMsgId} may be null. */
  public CompletableFuture<Message> send(String receiverId, String content, String clientMsgId) {
    return send(new SendRequest(receiverId, null, content, clientMsgId));
  }

  /** Sends a group message; {@code clientMsgId} may be null. */
  public CompletableFuture<Message> sendToGroup(
      String groupId, String content, String clientMsgId) {
    return send(new SendRequest(null, groupId, content, clientMsgId));
  }

  /** A {@code delivered} receipt; completes when written (errors go to the listener). */
  public CompletableFuture<Void> delivered(Collection<String> messageIds) {
    return core.writeNow(Codec.receiptFrame(ReceiptType.DELIVERED, messageIds));
  }

  /** A {@code read} receipt; completes when written (errors go to the listener). */
  public CompletableFuture<Void> read(Collection<String> messageIds) {
    return core.writeNow(Codec.receiptFrame(ReceiptType.READ, messageIds));
  }

  /** A typing indicator to a 1:1 peer; completes when written. */
  public CompletableFuture<Void> typing(String receiverId, boolean typing) {
    return core.writeNow(Codec.typingFrame(receiverId, typing));
  }

  /** A typing indicator to a group's other members; completes when written. */
  public CompletableFuture<Void> typingInGroup(String groupId, boolean typing) {
    return core.writeNow(Codec.groupTypingFrame(groupId, typing));
  }

  /**
   * A page of the user's history, exactly as {@code GET /messages/{me}}; each argument may be null.
   * The page goes to the caller, not to the listener. A page that continues from {@link #cursor()}
   * (same {@code after}, no {@code since}) moves the cursor to its {@code next_cursor}. A sync in
   * flight when the socket dies is written again after the reconnect.
   */
  public CompletableFuture<Page> sync(String after, Long since, Integer limit) {
    return core.sync(after, since, limit);
  }

  /** An application-level {@code ping}; completes with the round-trip time on {@code pong}. */
  public CompletableFuture<Duration> ping() {
    return core.ping();
  }

  /** Writes any text frame as is: the escape hatch for tests of bad input. */
  public CompletableFuture<Void> sendRaw(String text) {
    return core.writeNow(text);
  }

  // ---- state ----

  /** The last cursor received in order (opaque), or null; save it for {@link ConnectOptions}. */
  public String cursor() {
    return core.cursor();
  }

  public String userId() {
    return core.userId();
  }

  /** The latest {@code ready} frame. */
  public Ready ready() {
    return core.ready();
  }

  /** True while a socket is up and the server said {@code ready}. */
  public boolean isOpen() {
    return core.isOpen();
  }

  /** True once the connection is over for good. */
  public boolean isClosed() {
    return core.isClosed();
  }

  /** How many times the connection came back after a drop. */
  public int reconnects() {
    return core.reconnects();
  }

  /** The local address of the current socket ({@code ip:port}), or null while disconnected. */
  public String localAddress() {
    return core.localAddress();
  }

  /** Sends waiting for their ack, written or not (read from another thread: approximate). */
  public int pendingSends() {
    return core.pendingSends();
  }

  /** True when frames wait in the socket's write queue: slow down (backpressure). */
  public boolean writeQueueFull() {
    return core.writeQueueFull();
  }

  /** Completes when the connection is over for good. */
  public CompletableFuture<Void> whenClosed() {
    return core.whenClosed();
  }

  // ---- lifecycle ----

  /**
   * Drops the current socket as a network failure would (reported as 1006): with auto-reconnect the
   * connection comes back and resumes. For tests and chaos drills.
   */
  public void dropConnection() {
    core.dropConnection();
  }

  /**
   * Closes the connection for good: no reconnect; waiting calls fail with {@code
   * CONNECTION_CLOSED}. Completes when the socket is closed.
   */
  public CompletableFuture<Void> close() {
    return core.close();
  }

  @Override
  public String toString() {
    return "ParleyConnection[user=" + userId() + ", open=" + isOpen() + "]";
  }
}
