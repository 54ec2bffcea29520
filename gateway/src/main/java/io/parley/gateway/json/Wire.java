package io.parley.gateway.json;

import io.parley.core.account.User;
import io.parley.core.delivery.Event;
import io.parley.core.error.Problem;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.ConversationSummary;
import io.parley.core.message.Message;
import io.parley.core.message.MessageStore;
import io.parley.core.message.SystemEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The one codec from domain objects to the wire shapes of docs/API.md, used by HTTP and WebSocket
 * alike: {@code snake_case} fields, ids as strings, times as epoch millis.
 */
public final class Wire {

  private Wire() {}

  // ---- objects

  /** A Message object. */
  public static JsonObject message(Message m) {
    JsonObject json =
        new JsonObject()
            .put("message_id", m.id().toString())
            .put("conversation_id", m.conversation().key())
            .put("seq", m.seq())
            .put("sender_id", m.sender().toString());
    if (m.receiver() != null) json.put("receiver_id", m.receiver().toString());
    if (m.group() != null) json.put("group_id", m.group().toString());
    json.put("content", m.content())
        .put("timestamp", m.timestamp())
        .put("status", m.status().wire());
    if (m.clientMsgId() != null) json.put("client_msg_id", m.clientMsgId());
    if (m.event() != null) json.put("event", systemEvent(m.event()));
    if (m.receipts() != null) {
      json.put(
          "receipts",
          new JsonObject()
              .put("recipients", m.receipts().recipients())
              .put("delivered", m.receipts().delivered())
              .put("read", m.receipts().read()));
    }
    return json;
  }

  /** What a group's system message records. */
  public static JsonObject systemEvent(SystemEvent event) {
    JsonArray users = new JsonArray(new ArrayList<>(event.users().size()));
    for (UserId user : event.users()) users.add(user.toString());
    JsonObject json =
        new JsonObject()
            .put("type", event.type().wire())
            .put("actor_id", event.actor().toString())
            .put("user_ids", users);
    if (event.name() != null) json.put("name", event.name());
    return json;
  }

  public static JsonArray messages(List<Message> list) {
    JsonArray array = new JsonArray(new ArrayList<>(list.size()));
    for (Message m : list) array.add(message(m));
    return array;
  }

  /** A User object: {@code last_seen} is 0 while online or when never seen. */
  public static JsonObject user(User user, boolean online, long lastSeen) {
    return new JsonObject()
        .put("user_id", user.id().toString())
        .put("username", user.username())
        .put("online", online)
        .put("last_seen", online ? 0L : lastSeen);
  }

  /** {@code POST /auth/register}'s answer. */
  public static JsonObject registered(User user) {
    return new JsonObject().put("user_id", user.id().toString()).put("username", user.username());
  }

  /** {@code POST /auth/login}'s answer. */
  public static JsonObject loggedIn(String token, UserId user, long expiresAt) {
    return new JsonObject()
        .put("token", token)
        .put("user_id", user.toString())
        .put("expires_at", expiresAt);
  }

  /** One entry of {@code GET /conversations}, as seen by {@code owner}. */
  public static JsonObject conversation(ConversationSummary summary, UserId owner) {
    JsonObject json = new JsonObject().put("conversation_id", summary.conversation().key());
    if (summary.conversation() instanceof ConversationId.Direct direct) {
      json.put("type", "direct").put("peer_id", direct.peerOf(owner).toString());
    } else if (summary.conversation() instanceof ConversationId.Group group) {
      json.put("type", "group").put("group_id", group.id().toString());
    }
    Message last = summary.lastMessage();
    json.put("last_message", last == null ? null : message(last))
        .put("unread_count", summary.unreadCount())
        .put("last_activity", last == null ? 0L : last.timestamp());
    return json;
  }

  public static JsonObject conversations(List<ConversationSummary> list, UserId owner) {
    JsonArray array = new JsonArray(new ArrayList<>(list.size()));
    for (ConversationSummary summary : list) array.add(conversation(summary, owner));
    return new JsonObject().put("conversations", array);
  }

  /** {@code GET /messages/{user_id}}'s answer (and the body of a {@code sync} frame). */
  public static JsonObject inboxPage(MessageStore.InboxResult.Page page) {
    return new JsonObject()
        .put("messages", messages(page.messages()))
        .put("next_cursor", page.nextCursor())
        .put("has_more", page.hasMore());
  }

  /** {@code GET /conversations/{id}/messages}'s answer. */
  public static JsonObject historyPage(MessageStore.HistoryPage page) {
    List<Message> list = page.messages();
    String nextBefore =
        page.hasMore() && !list.isEmpty() ? Long.toString(list.get(list.size() - 1).seq()) : null;
    return new JsonObject()
        .put("messages", messages(list))
        .put("next_before", nextBefore)
        .put("has_more", page.hasMore());
  }

  /** The error object (inside the envelope or an error frame). */
  public static JsonObject errorObject(Problem problem, Duration retryAfter) {
    JsonObject error =
        new JsonObject().put("code", problem.code().name()).put("message", problem.message());
    if (retryAfter != null) error.put("retry_after_ms", retryAfterMillis(retryAfter));
    return error;
  }

  /** The HTTP error envelope {@code {"error":{"code","message"}}}. */
  public static JsonObject error(Problem problem, Duration retryAfter) {
    return new JsonObject().put("error", errorObject(problem, retryAfter));
  }

  /** Milliseconds to wait, rounded up, at least 1. */
  public static long retryAfterMillis(Duration retryAfter) {
    long millis = (retryAfter.toNanos() + 999_999) / 1_000_000;
    return Math.max(1, millis);
  }

  // ---- WebSocket frames (server -> client)

  public static String readyFrame(UserId user, long serverTime, long heartbeatMs) {
    return new JsonObject()
        .put("type", "ready")
        .put("user_id", user.toString())
        .put("server_time", serverTime)
        .put("heartbeat_ms", heartbeatMs)
        .encode();
  }

  public static String messageFrame(Message message, String cursor) {
    JsonObject json = new JsonObject().put("type", "message").put("message", message(message));
    if (cursor != null) json.put("cursor", cursor);
    return json.encode();
  }

  public static String ackFrame(String clientMsgId, Message message) {
    return new JsonObject()
        .put("type", "ack")
        .put("client_msg_id", clientMsgId)
        .put("message", message(message))
        .encode();
  }

  public static String errorFrame(
      String clientMsgId, String requestType, Problem problem, Duration retryAfter) {
    JsonObject json = new JsonObject().put("type", "error");
    if (clientMsgId != null) json.put("client_msg_id", clientMsgId);
    if (requestType != null) json.put("request_type", requestType);
    return json.put("error", errorObject(problem, retryAfter)).encode();
  }

  public static String receiptFrame(Event.ReceiptEvent event) {
    return new JsonObject()
        .put("type", "receipt")
        .put("message_id", event.messageId().toString())
        .put("conversation_id", event.conversation().key())
        .put("user_id", event.user().toString())
        .put("status", event.status().wire())
        .encode();
  }

  public static String typingFrame(Event.TypingEvent event) {
    return new JsonObject()
        .put("type", "typing")
        .put("conversation_id", event.conversation().key())
        .put("user_id", event.user().toString())
        .put("typing", event.typing())
        .encode();
  }

  public static String presenceFrame(Event.PresenceEvent event) {
    return new JsonObject()
        .put("type", "presence")
        .put("user_id", event.user().toString())
        .put("status", event.online() ? "online" : "offline")
        .put("last_seen", event.online() ? 0L : event.lastSeen())
        .encode();
  }

  public static String syncFrame(MessageStore.InboxResult.Page page) {
    return new JsonObject()
        .put("type", "sync")
        .put("messages", messages(page.messages()))
        .put("next_cursor", page.nextCursor())
        .put("has_more", page.hasMore())
        .encode();
  }

  public static String pongFrame() {
    return "{\"type\":\"pong\"}";
  }
}
