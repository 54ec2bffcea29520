package io.parley.client;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frame-level conversation of one connection, across its sockets: routes decoded server frames
 * to waiting calls and the listener, writes calls again after a reconnect, and runs the resume
 * (sync from the cursor while {@code has_more}). The socket itself belongs to {@link
 * ParleyConnection}, reached through {@link Link}.
 *
 * <p>Not thread-safe: used on the connection's event loop only.
 */
final class Protocol implements Codec.FrameSink {
  private static final Logger LOG = LoggerFactory.getLogger(ParleyConnection.class);
  private static final long RESUME_RETRY_MS = 1000;

  /** The connection's side. */
  interface Link {
    /** Writes on the current socket; does nothing while there is none. */
    void write(String frame);

    /** The server said {@code ready} on the current socket. */
    void ready(Ready ready);

    /** True while the socket is up and ready. */
    boolean isOpen();
  }

  private final Link link;
  private final Vertx vertx;
  private final ConnectionListener listener;
  private final int resumePageSize;
  private final int maxInFlightSends;
  private final Calls calls = new Calls();
  private final MessageStream stream;
  private List<Calls.SyncCall> syncsToReplay = List.of();
  private long firstServerTime = -1;
  private long frameNanos;
  private int epoch;

  Protocol(Link link, Vertx vertx, ConnectOptions options, ConnectionListener listener) {
    this.link = link;
    this.vertx = vertx;
    this.listener = listener;
    this.resumePageSize = options.resumePageSize();
    this.maxInFlightSends = options.maxInFlightSends();
    this.stream =
        new MessageStream(options.dedupeWindow(), options.resumeCursor(), listener::onMessage);
  }

  String cursor() {
    return stream.cursor();
  }

  int pendingSends() {
    return calls.pendingSendCount();
  }

  /** A text frame arrived on the current socket. */
  void onText(String text) {
    frameNanos = System.nanoTime();
    try {
      Codec.decodeFrame(text, this);
    } catch (IllegalArgumentException e) {
      LOG.warn("unreadable frame from the server: {}", e.getMessage());
    }
  }

  // ---- calls (the link is open or the call waits for the next socket) ----

  void send(String clientMsgId, SendRequest request, CompletableFuture<Message> future) {
    Calls.PendingSend same = calls.pendingSend(clientMsgId);
    if (same != null) { // the same key in flight: one answer serves both
      same.future.whenComplete((m, e) -> complete(future, m, e));
      return;
    }
    calls.addSend(
        clientMsgId, new Calls.PendingSend(Codec.sendFrame(request, clientMsgId), future));
    writeSends();
  }

  /** Writes waiting sends while the window allows. */
  private void writeSends() {
    if (!link.isOpen()) {
      return;
    }
    Calls.PendingSend send;
    while ((send = calls.nextToWrite(maxInFlightSends)) != null) {
      link.write(send.frame);
    }
  }

  void sync(String after, Long since, Integer limit, CompletableFuture<Page> future) {
    Calls.SyncCall call =
        new Calls.SyncCall(Codec.syncFrame(after, since, limit), after, since, future);
    if (link.isOpen()) {
      calls.addSync(call);
      link.write(call.frame());
    } else {
      List<Calls.SyncCall> later = new ArrayList<>(syncsToReplay);
      later.add(call);
      syncsToReplay = later;
    }
  }

  void ping(CompletableFuture<Duration> future) {
    calls.addPing(future);
    link.write(Codec.PING_FRAME);
  }

  // ---- socket lifecycle ----

  /**
   * The link is open after a {@code ready}: write the waiting sends (again: same {@code
   * client_msg_id}, the server de-duplicates), resume from the cursor when asked, write the
   * application's syncs again.
   */
  void opened(Ready ready, boolean resume) {
    epoch++;
    if (firstServerTime < 0) {
      firstServerTime = ready.serverTime();
    }
    writeSends();
    if (resume) {
      stream.beginResume();
      String after = stream.cursor();
      // never saw a cursor: everything since the first ready of this connection
      resumeSync(after, after == null ? firstServerTime : null);
    }
    List<Calls.SyncCall> again = syncsToReplay;
    syncsToReplay = List.of();
    for (Calls.SyncCall call : again) {
      calls.addSync(call);
      link.write(call.frame());
    }
  }

  /** The socket died; the connection may come back. */
  void lost(ParleyException error) {
    epoch++;
    List<Calls.SyncCall> again = calls.socketLost(error);
    if (!again.isEmpty()) {
      List<Calls.SyncCall> all = new ArrayList<>(again);
      all.addAll(syncsToReplay);
      syncsToReplay = all;
    }
  }

  /** The connection is over: fail everything that waits. */
  void finish(ParleyException error) {
    epoch++;
    calls.failAll(error);
    for (Calls.SyncCall call : syncsToReplay) {
      call.future().completeExceptionally(error);
    }
    syncsToReplay = List.of();
  }

  // ---- frames ----

  @Override
  public void ready(Ready ready) {
    link.ready(ready);
  }

  @Override
  public void message(Message message, String cursor) {
    stream.live(message, cursor, frameNanos);
  }

  @Override
  public void ack(String clientMsgId, Message message) {
    if (calls.ack(clientMsgId, message)) {
      writeSends();
    } else {
      LOG.debug("ack for no pending send: {}", clientMsgId);
    }
  }

  @Override
  public void error(ErrorFrame error) {
    ParleyException exception = error.toException();
    if (error.clientMsgId() != null && calls.failSend(error.clientMsgId(), exception)) {
      writeSends();
      return;
    }
    if ("sync".equals(error.requestType())) {
      Calls.SyncCall call = calls.pollSync();
      if (call != null && !call.isResume()) {
        call.future().completeExceptionally(exception);
        return;
      }
      if (call != null) {
        resumeRefused(call, error);
        return;
      }
    }
    if ("ping".equals(error.requestType()) && calls.failPing(exception)) {
      return;
    }
    listener.onError(error);
  }

  @Override
  public void receipt(Receipt receipt) {
    listener.onReceipt(receipt);
  }

  @Override
  public void typing(Typing typing) {
    listener.onTyping(typing);
  }

  @Override
  public void presence(Presence presence) {
    listener.onPresence(presence);
  }

  @Override
  public void sync(Page page) {
    Calls.SyncCall call = calls.pollSync();
    if (call == null) {
      LOG.debug("sync page nobody asked for");
    } else if (!call.isResume()) {
      stream.applicationPage(call.after(), call.since(), page);
      call.future().complete(page);
    } else {
      stream.resumePage(page, frameNanos);
      if (page.hasMore() && page.nextCursor() != null) {
        resumeSync(page.nextCursor(), null);
      } else {
        listener.onResumed(stream.endResume());
      }
    }
  }

  @Override
  public void pong() {
    calls.pong(frameNanos);
  }

  // ---- resume ----

  private void resumeSync(String after, Long since) {
    Calls.SyncCall call =
        new Calls.SyncCall(Codec.syncFrame(after, since, resumePageSize), after, since, null);
    calls.addSync(call);
    link.write(call.frame());
  }

  /** A resume sync was refused: retry when the server is only busy, else report and stop. */
  private void resumeRefused(Calls.SyncCall call, ErrorFrame error) {
    if ("RATE_LIMITED".equals(error.code()) || "UNAVAILABLE".equals(error.code())) {
      int at = epoch;
      vertx.setTimer(
          RESUME_RETRY_MS,
          id -> {
            if (epoch == at && link.isOpen() && stream.resuming()) {
              resumeSync(call.after(), call.since());
            }
          });
      return;
    }
    LOG.warn("resume refused: {} {}", error.code(), error.message());
    listener.onError(error);
    listener.onResumed(stream.endResume());
  }

  private static <T> void complete(CompletableFuture<T> future, T value, Throwable error) {
    if (error != null) {
      future.completeExceptionally(error);
    } else {
      future.complete(value);
    }
  }
}
