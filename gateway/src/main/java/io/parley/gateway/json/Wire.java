package io.parley.gateway.json;

import io.parley.core.account.User;
import io.parley.core.delivery.Event;
import io.parley.core.error.Problem;
import io.parley.core.group.Group;
import io.parley.core.group.Invite;
import io.parley.core.group.Member;
import io.parley.core.id.GroupId;
import io.parley.core.id.MessageId;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.ConversationSummary;
import io.parley.core.message.DeliveryStatus;
import io.parley.core.message.GroupReceipts;
import io.parley.core.message.Message;
import io.parley.core.message.MessageStore;
import io.parley.core.message.ReceiptService;
import io.parley.core.message.SystemEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

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
    if (m.receipts() != null) json.put("receipts", counts(m.receipts()));
    return json;
  }

  private static JsonObject counts(GroupReceipts counts) {
    return new JsonObject()
        .put("recipients", counts.recipients())
        .put("delivered", counts.delivered())
        .put("read", counts.read());
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

  /**
   * One entry of {@code GET /conversations}, as seen by {@code owner}; {@code groupName} is the
   * name of a group conversation (null if unknown).
   */
  public static JsonObject conversation(
      ConversationSummary summary, UserId owner, String groupName) {
    JsonObject json = new JsonObject().put("conversation_id", summary.conversation().key());
    if (summary.conversation() instanceof ConversationId.Direct direct) {
      json.put("type", "direct").put("peer_id", direct.peerOf(owner).toString());
    } else if (summary.conversation() instanceof ConversationId.Group group) {
      json.put("type", "group").put("group_id", group.id().toString());
      if (groupName != null) json.put("name", groupName);
    }
    return activity(json, summary);
  }

  /** {@code last_message}, {@code unread_count} and {@code last_activity} of a conversation. */
  private static JsonObject activity(JsonObject json, ConversationSummary summary) {
    Message last = summary == null ? null : summary.lastMessage();
    return json.put("last_message", last == null ? null : message(last))
        .put("unread_count", summary == null ? 0L : summary.unreadCount())
        .put("last_activity", last == null ? 0L : last.timestamp());
  }

  /** {@code GET /conversations}: {@code groupNames} names the user's groups. */
  public static JsonObject conversations(
      List<ConversationSummary> list, UserId owner, Map<GroupId, String> groupNames) {
    JsonArray array = new JsonArray(new ArrayList<>(list.size()));
    for (ConversationSummary summary : list) {
      String name =
          summary.conversation() instanceof ConversationId.Group g ? groupNames.get(g.id()) : null;
      array.add(conversation(summary, owner, name));
    }
    return new JsonObject().put("conversations", array);
  }

  // ---- groups

  /** A Group object. */
  public static JsonObject group(Group group) {
    JsonArray ids = new JsonArray(new ArrayList<>(group.size()));
    JsonArray members = new JsonArray(new ArrayList<>(group.size()));
    for (Member member : group.members().values()) {
      ids.add(member.user().toString());
      members.add(
          new JsonObject()
              .put("user_id", member.user().toString())
              .put("role", member.role().wire())
              .put("joined_at", member.joinedAt()));
    }
    return new JsonObject()
        .put("group_id", group.id().toString())
        .put("name", group.name())
        .put("created_by", group.createdBy().toString())
        .put("created_at", group.createdAt())
        .put("member_ids", ids)
        .put("members", members);
  }

  /**
   * {@code GET /groups}: the user's groups with their activity, most recently active first. {@code
   * summaries} holds the user's group conversations by group id.
   */
  public static JsonObject groupList(
      List<Group> groups, UserId user, Map<GroupId, ConversationSummary> summaries) {
    List<JsonObject> entries = new ArrayList<>(groups.size());
    for (Group group : groups) {
      JsonObject json =
          new JsonObject()
              .put("group_id", group.id().toString())
              .put("name", group.name())
              .put("role", group.member(user).map(m -> m.role().wire()).orElse("member"))
              .put("member_count", group.size());
      entries.add(activity(json, summaries.get(group.id())));
    }
    entries.sort(Comparator.comparingLong((JsonObject j) -> j.getLong("last_activity")).reversed());
    return new JsonObject().put("groups", new JsonArray(new ArrayList<>(entries)));
  }

  /** An invite code. */
  public static JsonObject invite(Invite invite) {
    return new JsonObject()
        .put("code", invite.code())
        .put("group_id", invite.group().toString())
        .put("created_by", invite.createdBy().toString())
        .put("created_at", invite.createdAt());
  }

  public static JsonObject invites(List<Invite> invites) {
    JsonArray array = new JsonArray(new ArrayList<>(invites.size()));
    for (Invite invite : invites) array.add(invite(invite));
    return new JsonObject().put("invites", array);
  }

  /** {@code GET /messages/{message_id}/receipts}. */
  public static JsonObject receiptDetail(
      MessageId id, List<ReceiptService.MemberReceipt> receipts) {
    JsonArray array = new JsonArray(new ArrayList<>(receipts.size()));
    int delivered = 0;
    int read = 0;
    for (ReceiptService.MemberReceipt receipt : receipts) {
      array.add(
          new JsonObject()
              .put("user_id", receipt.user().toString())
              .put("status", receipt.status().wire()));
      if (receipt.status() != DeliveryStatus.SENT) delivered++;
      if (receipt.status() == DeliveryStatus.READ) read++;
    }
    return new JsonObject()
        .put("message_id", id.toString())
        .put("receipts", array)
        .put("recipients", receipts.size())
        .put("delivered", delivered)
        .put("read", read);
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
    JsonObject json =
        new JsonObject()
            .put("type", "receipt")
            .put("message_id", event.messageId().toString())
            .put("conversation_id", event.conversation().key())
            .put("user_id", event.user().toString())
            .put("status", event.status().wire());
    if (event.counts() != null) json.put("counts", counts(event.counts()));
    return json.encode();
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
