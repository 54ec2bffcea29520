package io.parley.client;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The calls of one connection that wait for an answer frame: {@code send} (matched by {@code
 * client_msg_id}, at most a window of them written and unanswered at a time), {@code sync} and
 * {@code ping} (answered in order, matched first-in first-out). Collections are created on first
 * use so idle connections stay small.
 *
 * <p>Not thread-safe: used on the connection's event loop only.
 */
final class Calls {
  /** A send waiting for its ack; kept across reconnects and written again with the same id. */
  static final class PendingSend {
    final String frame;
    final CompletableFuture<Message> future;
    boolean written;

    PendingSend(String frame, CompletableFuture<Message> future) {
      this.frame = frame;
      this.future = future;
    }
  }

  /** A sync on the wire. {@code future} is null for the connection's own resume syncs. */
  record SyncCall(String frame, String after, Long since, CompletableFuture<Page> future) {
    boolean isResume() {
      return future == null;
    }
  }

  private record PingCall(long startNanos, CompletableFuture<Duration> future) {}

  private LinkedHashMap<String, PendingSend> sends;
  private ArrayDeque<PendingSend> unwritten;
  private int sendsInFlight;
  private ArrayDeque<SyncCall> syncs;
  private ArrayDeque<PingCall> pings;

  // ---- send ----

  PendingSend pendingSend(String clientMsgId) {
    return sends == null ? null : sends.get(clientMsgId);
  }

  /** A new send; it waits for {@link #nextToWrite} to hand it out. */
  void addSend(String clientMsgId, PendingSend send) {
    if (sends == null) {
      sends = new LinkedHashMap<>();
      unwritten = new ArrayDeque<>();
    }
    sends.put(clientMsgId, send);
    unwritten.addLast(send);
  }

  /**
   * The oldest send not yet written on the current socket, if fewer than {@code window} written
   * sends wait for their answer; it then counts as written.
   */
  PendingSend nextToWrite(int window) {
    if (unwritten == null || sendsInFlight >= window) {
      return null;
    }
    PendingSend send;
    while ((send = unwritten.pollFirst()) != null) {
      if (!send.future.isDone()) {
        send.written = true;
        sendsInFlight++;
        return send;
      }
    }
    return null;
  }

  /** Completes the send the ack answers; false when none waits for it. */
  boolean ack(String clientMsgId, Message message) {
    PendingSend send = removeSend(clientMsgId);
    if (send == null) {
      return false;
    }
    send.future.complete(message);
    return true;
  }

  /** Fails the send the error answers; false when none waits for it. */
  boolean failSend(String clientMsgId, ParleyException error) {
    PendingSend send = removeSend(clientMsgId);
    if (send == null) {
      return false;
    }
    send.future.completeExceptionally(error);
    return true;
  }

  int pendingSendCount() {
    return sends == null ? 0 : sends.size();
  }

  int sendsInFlight() {
    return sendsInFlight;
  }

  private PendingSend removeSend(String clientMsgId) {
    PendingSend send = sends == null || clientMsgId == null ? null : sends.remove(clientMsgId);
    if (send != null && send.written) {
      sendsInFlight--;
    }
    return send;
  }

  // ---- sync ----

  void addSync(SyncCall call) {
    if (syncs == null) {
      syncs = new ArrayDeque<>();
    }
    syncs.addLast(call);
  }

  /** The oldest sync on the wire (the one a {@code sync} or sync error frame answers), or null. */
  SyncCall pollSync() {
    return syncs == null ? null : syncs.pollFirst();
  }

  // ---- ping ----

  void addPing(CompletableFuture<Duration> future) {
    if (pings == null) {
      pings = new ArrayDeque<>();
    }
    pings.addLast(new PingCall(System.nanoTime(), future));
  }

  /** Completes the oldest ping; false when none waits. */
  boolean pong(long nowNanos) {
    PingCall call = pings == null ? null : pings.pollFirst();
    if (call == null) {
      return false;
    }
    call.future.complete(Duration.ofNanos(nowNanos - call.startNanos));
    return true;
  }

  boolean failPing(ParleyException error) {
    PingCall call = pings == null ? null : pings.pollFirst();
    if (call == null) {
      return false;
    }
    call.future.completeExceptionally(error);
    return true;
  }

  // ---- socket lifecycle ----

  /**
   * The socket died. Pings fail (they measured that socket); the application's syncs are returned
   * to be written again after the reconnect, the connection's own resume syncs are dropped (the
   * resume restarts); sends stay pending.
   */
  List<SyncCall> socketLost(ParleyException error) {
    failPings(error);
    if (sends != null) { // every waiting send is written again, in its original order
      unwritten.clear();
      for (PendingSend send : sends.values()) {
        send.written = false;
        unwritten.addLast(send);
      }
      sendsInFlight = 0;
    }
    if (syncs == null || syncs.isEmpty()) {
      return List.of();
    }
    List<SyncCall> again = new ArrayList<>();
    for (Iterator<SyncCall> it = syncs.iterator(); it.hasNext(); ) {
      SyncCall call = it.next();
      if (!call.isResume()) {
        again.add(call);
      }
    }
    syncs.clear();
    return again;
  }

  /** The connection is over: fail everything still waiting. */
  void failAll(ParleyException error) {
    failPings(error);
    if (syncs != null) {
      for (SyncCall call : syncs) {
        if (!call.isResume()) {
          call.future.completeExceptionally(error);
        }
      }
      syncs.clear();
    }
    if (sends != null) {
      List<PendingSend> all = new ArrayList<>(sends.values());
      sends.clear();
      unwritten.clear();
      sendsInFlight = 0;
      for (PendingSend send : all) {
        send.future.completeExceptionally(error);
      }
    }
  }

  private void failPings(ParleyException error) {
    if (pings != null) {
      PingCall call;
      while ((call = pings.pollFirst()) != null) {
        call.future.completeExceptionally(error);
      }
    }
  }
}
