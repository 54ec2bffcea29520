package io.parley.gateway.ws;

import io.parley.core.error.ErrorCode;
import io.parley.core.error.Problem;
import io.parley.core.error.Result;
import io.parley.core.message.MessageStore;
import io.parley.core.message.Receipt;
import io.parley.core.message.SendResult;
import io.parley.core.ratelimit.RateLimiter;
import io.parley.gateway.Async;
import io.parley.gateway.Gateway;
import io.parley.gateway.GatewayEnv;
import io.parley.gateway.OverloadedException;
import io.parley.gateway.json.InputException;
import io.parley.gateway.json.JsonInput;
import io.parley.gateway.json.Requests;
import io.parley.gateway.json.Wire;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client-to-server frames: {@code send}, {@code delivered}, {@code read}, {@code typing}, {@code
 * sync} and {@code ping}. Any bad frame is answered with an {@code error} frame (carrying the
 * frame's {@code client_msg_id} and {@code type} when they could be read); the connection stays
 * open.
 */
final class WsFrames {

  /** Requests one connection may have in progress; more are refused with RATE_LIMITED. */
  static final int MAX_IN_FLIGHT = 256;

  /** Longer client_msg_ids (invalid anyway) are not echoed in error frames. */
  private static final int MAX_ECHOED_ID = 64;

  private static final Duration BUSY_RETRY = Duration.ofMillis(100);
  private static final Logger log = LoggerFactory.getLogger(WsFrames.class);

  private final GatewayEnv env;
  private final Gateway.Services services;

  WsFrames(GatewayEnv env) {
    this.env = env;
    this.services = env.services();
  }

  void handle(WsConnection conn, String text) {
    String type = null;
    String clientMsgId = null;
    try {
      JsonInput in = JsonInput.parse(text);
      if (in.raw("client_msg_id") instanceof String id && id.length() <= MAX_ECHOED_ID) {
        clientMsgId = id;
      }
      Object rawType = in.raw("type");
      if (rawType == null)
        throw new InputException(ErrorCode.MISSING_FIELD, "missing field 'type'");
      if (!(rawType instanceof String t)) {
        throw new InputException(ErrorCode.INVALID_FIELD, "type must be a string");
      }
      type = t;
      dispatch(conn, type, clientMsgId, in);
    } catch (InputException bad) {
      conn.sendError(clientMsgId, type == null ? null : abbreviate(type), bad.problem(), null);
    }
  }

  private void dispatch(WsConnection conn, String type, String clientMsgId, JsonInput in) {
    switch (type) {
      case "send" -> send(conn, Requests.send(in, true));
      case "delivered" -> receipts(conn, type, Requests.receiptFrame(in, Receipt.DELIVERED));
      case "read" -> receipts(conn, type, Requests.receiptFrame(in, Receipt.READ));
      case "typing" -> typing(conn, Requests.typing(in));
      case "sync" -> sync(conn, Requests.sync(in));
      case "ping" -> {
        Requests.ping(in);
        conn.write(Wire.pongFrame());
      }
      default ->
          throw new InputException(
              ErrorCode.UNKNOWN_FRAME_TYPE, "unknown frame type '" + abbreviate(type) + "'");
    }
  }

  private void send(WsConnection conn, Requests.Send request) {
    String id = request.clientMsgId();
    String ip = conn.ip();
    // The per-IP limit is checked in the sender's lane, so that it cannot reorder their sends.
    call(
        conn,
        id,
        "send",
        services
            .messages()
            .send(
                conn.user(),
                request.recipient(),
                request.content(),
                id,
                () -> env.limit(RateLimiter.Scope.SEND_PER_IP, ip)),
        result -> {
          if (result instanceof SendResult.Sent sent) {
            conn.write(Wire.ackFrame(id, sent.message()));
          } else if (result instanceof SendResult.Rejected rejected) {
            conn.sendError(id, "send", rejected.problem(), null);
          } else if (result instanceof SendResult.RateLimited limited) {
            conn.sendError(id, "send", Problem.of(ErrorCode.RATE_LIMITED), limited.retryAfter());
          }
        });
  }

  private void receipts(WsConnection conn, String type, Requests.Receipts request) {
    call(
        conn,
        null,
        type,
        services.receipts().acknowledge(conn.user(), request.kind(), request.ids()),
        result -> {
          if (result instanceof Result.Failed<Integer> failed) {
            conn.sendError(null, type, failed.problem(), null);
          }
        });
  }

  private void typing(WsConnection conn, Requests.Typing request) {
    call(
        conn,
        null,
        "typing",
        services.presence().typing(conn.user(), request.to(), request.typing()),
        result -> {
          if (result instanceof Result.Failed<Void> failed) {
            conn.sendError(null, "typing", failed.problem(), null);
          }
        });
  }

  private void sync(WsConnection conn, Requests.Sync request) {
    CompletionStage<Result<MessageStore.InboxResult.Page>> stage =
        services
            .messages()
            .inbox(conn.user(), conn.user(), request.after(), request.since(), request.limit());
    call(
        conn,
        null,
        "sync",
        stage,
        result -> {
          if (result instanceof Result.Ok<MessageStore.InboxResult.Page> ok) {
            conn.write(Wire.syncFrame(ok.value()));
          } else if (result instanceof Result.Failed<MessageStore.InboxResult.Page> failed) {
            conn.sendError(null, "sync", failed.problem(), null);
          }
        });
  }

  /** Runs a core call for a connection, answering on the connection's event loop. */
  private <T> void call(
      WsConnection conn,
      String clientMsgId,
      String type,
      CompletionStage<T> stage,
      Consumer<T> onResult) {
    if (!conn.beginRequest(MAX_IN_FLIGHT)) {
      conn.sendError(
          clientMsgId,
          type,
          Problem.of(ErrorCode.RATE_LIMITED, "too many requests in progress on this connection"),
          BUSY_RETRY);
      return;
    }
    Async.on(conn.context(), stage)
        .onComplete(
            done -> {
              conn.endRequest();
              if (done.succeeded()) {
                onResult.accept(done.result());
              } else {
                Throwable cause = Async.cause(done.cause());
                boolean overloaded = cause instanceof OverloadedException;
                if (!overloaded) log.error("{} frame failed for user {}", type, conn.user(), cause);
                conn.sendError(
                    clientMsgId,
                    type,
                    overloaded
                        ? Problem.of(ErrorCode.UNAVAILABLE, "overloaded: retry later")
                        : Problem.of(ErrorCode.INTERNAL, ErrorCode.INTERNAL.description()),
                    null);
              }
            });
  }

  private static String abbreviate(String type) {
    return type.length() <= 32 ? type : type.substring(0, 32) + "...";
  }
}
