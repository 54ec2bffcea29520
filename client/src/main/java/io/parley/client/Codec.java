package io.parley.client;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * JSON of the wire contract (docs/API.md) to the SDK's records and back. Decoding is lenient about
 * what it does not need (unknown fields are ignored, ids sent as numbers are read as strings) so an
 * SDK keeps working against a newer server.
 */
final class Codec {
  static final String PING_FRAME = "{\"type\":\"ping\"}";

  private Codec() {}

  /** Receives the decoded server frames; one call per frame, no intermediate frame objects. */
  interface FrameSink {
    void ready(Ready ready);

    void message(Message message, String cursor);

    void ack(String clientMsgId, Message message);

    void error(ErrorFrame error);

    void receipt(Receipt receipt);

    void typing(Typing typing);

    void presence(Presence presence);

    void sync(Page page);

    void pong();

    /** A frame of a type this SDK does not know (a newer server): ignored by default. */
    default void unknown(String type, JsonObject frame) {}
  }

  /**
   * Decodes one text frame and hands it to the sink.
   *
   * @throws IllegalArgumentException when the text is not a JSON object with a {@code type}
   */
  static void decodeFrame(String text, FrameSink sink) {
    JsonObject frame;
    try {
      frame = new JsonObject(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("frame is not a JSON object", e);
    }
    String type = frame.getString("type");
    if (type == null) {
      throw new IllegalArgumentException("frame has no type");
    }
    switch (type) {
      case "message" -> sink.message(message(frame.getJsonObject("message")), str(frame, "cursor"));
      case "ack" -> sink.ack(str(frame, "client_msg_id"), message(frame.getJsonObject("message")));
      case "error" -> sink.error(errorFrame(frame));
      case "receipt" ->
          sink.receipt(
              new Receipt(
                  str(frame, "message_id"),
                  str(frame, "conversation_id"),
                  str(frame, "user_id"),
                  frame.getString("status"),
                  counts(frame.getJsonObject("counts"))));
      case "typing" ->
          sink.typing(
              new Typing(
                  str(frame, "conversation_id"),
                  str(frame, "user_id"),
                  frame.getBoolean("typing", false)));
      case "presence" ->
          sink.presence(
              new Presence(
                  str(frame, "user_id"), frame.getString("status"), num(frame, "last_seen")));
      case "sync" -> sink.sync(page(frame));
      case "pong" -> sink.pong();
      case "ready" ->
          sink.ready(
              new Ready(
                  str(frame, "user_id"), num(frame, "server_time"), num(frame, "heartbeat_ms")));
      default -> sink.unknown(type, frame);
    }
  }

  // ---- objects ----

  static Message message(JsonObject m) {
    if (m == null) {
      throw new IllegalArgumentException("missing message object");
    }
    return new Message(
        str(m, "message_id"),
        str(m, "conversation_id"),
        num(m, "seq"),
        str(m, "sender_id"),
        str(m, "receiver_id"),
        str(m, "group_id"),
        m.getString("content"),
        num(m, "timestamp"),
        m.getString("status"),
        str(m, "client_msg_id"),
        systemEvent(m.getJsonObject("event")),
        counts(m.getJsonObject("receipts")));
  }

  static SystemEvent systemEvent(JsonObject e) {
    return e == null
        ? null
        : new SystemEvent(
            e.getString("type"),
            str(e, "actor_id"),
            strings(e.getJsonArray("user_ids")),
            e.getString("name"));
  }

  static ReceiptCounts counts(JsonObject c) {
    return c == null
        ? null
        : new ReceiptCounts(num(c, "recipients"), num(c, "delivered"), num(c, "read"));
  }

  static List<Message> messages(JsonArray array) {
    if (array == null) {
      return List.of();
    }
    List<Message> out = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      out.add(message(array.getJsonObject(i)));
    }
    return out;
  }

  static Page page(JsonObject json) {
    return new Page(
        messages(json.getJsonArray("messages")),
        str(json, "next_cursor"),
        json.getBoolean("has_more", false));
  }

  static ConversationPage conversationPage(JsonObject json) {
    return new ConversationPage(
        messages(json.getJsonArray("messages")),
        str(json, "next_before"),
        json.getBoolean("has_more", false));
  }

  static User user(JsonObject json) {
    return new User(
        str(json, "user_id"),
        json.getString("username"),
        json.getBoolean("online", false),
        num(json, "last_seen"));
  }

  static Registration registration(JsonObject json) {
    return new Registration(str(json, "user_id"), json.getString("username"));
  }

  static Session session(JsonObject json) {
    return new Session(json.getString("token"), str(json, "user_id"), num(json, "expires_at"));
  }

  static Group group(JsonObject json) {
    JsonArray array = json.getJsonArray("members");
    List<GroupMember> members = new ArrayList<>();
    if (array != null) {
      for (int i = 0; i < array.size(); i++) {
        JsonObject m = array.getJsonObject(i);
        members.add(new GroupMember(str(m, "user_id"), m.getString("role"), num(m, "joined_at")));
      }
    }
    return new Group(
        str(json, "group_id"),
        json.getString("name"),
        str(json, "created_by"),
        num(json, "created_at"),
        strings(json.getJsonArray("member_ids")),
        members);
  }

  static List<GroupSummary> groups(JsonObject json) {
    JsonArray array = json.getJsonArray("groups");
    List<GroupSummary> out = new ArrayList<>();
    if (array != null) {
      for (int i = 0; i < array.size(); i++) {
        JsonObject g = array.getJsonObject(i);
        JsonObject last = g.getJsonObject("last_message");
        out.add(
            new GroupSummary(
                str(g, "group_id"),
                g.getString("name"),
                g.getString("role"),
                num(g, "member_count"),
                last == null ? null : message(last),
                num(g, "unread_count"),
                num(g, "last_activity")));
      }
    }
    return out;
  }

  static Invite invite(JsonObject json) {
    return new Invite(
        json.getString("code"),
        str(json, "group_id"),
        str(json, "created_by"),
        num(json, "created_at"));
  }

  static List<Invite> invites(JsonObject json) {
    JsonArray array = json.getJsonArray("invites");
    List<Invite> out = new ArrayList<>();
    if (array != null) {
      for (int i = 0; i < array.size(); i++) {
        out.add(invite(array.getJsonObject(i)));
      }
    }
    return out;
  }

  static MessageReceipts messageReceipts(JsonObject json) {
    JsonArray array = json.getJsonArray("receipts");
    List<MessageReceipts.Member> members = new ArrayList<>();
    if (array != null) {
      for (int i = 0; i < array.size(); i++) {
        JsonObject r = array.getJsonObject(i);
        members.add(new MessageReceipts.Member(str(r, "user_id"), r.getString("status")));
      }
    }
    return new MessageReceipts(str(json, "message_id"), members, counts(json));
  }

  static List<ConversationSummary> conversations(JsonObject json) {
    JsonArray array = json.getJsonArray("conversations");
    if (array == null) {
      return List.of();
    }
    List<ConversationSummary> out = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      JsonObject c = array.getJsonObject(i);
      JsonObject last = c.getJsonObject("last_message");
      out.add(
          new ConversationSummary(
              str(c, "conversation_id"),
              c.getString("type"),
              str(c, "peer_id"),
              str(c, "group_id"),
              c.getString("name"),
              last == null ? null : message(last),
              num(c, "unread_count"),
              num(c, "last_activity")));
    }
    return out;
  }

  static ErrorFrame errorFrame(JsonObject frame) {
    JsonObject error = frame.getJsonObject("error");
    String code = error == null ? null : error.getString("code");
    String message = error == null ? null : error.getString("message");
    long retryAfterMs = error == null ? 0 : num(error, "retry_after_ms");
    return new ErrorFrame(
        code == null ? "INTERNAL" : code,
        message == null ? "" : message,
        str(frame, "client_msg_id"),
        frame.getString("request_type"),
        retryAfterMs > 0 ? Duration.ofMillis(retryAfterMs) : null);
  }

  // ---- client frames and request bodies ----

  static JsonObject sendBody(SendRequest request, String clientMsgId) {
    JsonObject json = new JsonObject();
    if (request.receiverId() != null) {
      json.put("receiver_id", request.receiverId());
    } else {
      json.put("group_id", request.groupId());
    }
    json.put("content", request.content());
    if (clientMsgId != null) {
      json.put("client_msg_id", clientMsgId);
    }
    return json;
  }

  static String sendFrame(SendRequest request, String clientMsgId) {
    JsonObject json = new JsonObject().put("type", "send").put("client_msg_id", clientMsgId);
    if (request.receiverId() != null) {
      json.put("receiver_id", request.receiverId());
    } else {
      json.put("group_id", request.groupId());
    }
    return json.put("content", request.content()).encode();
  }

  static String receiptFrame(ReceiptType type, Collection<String> messageIds) {
    return new JsonObject()
        .put("type", type.wire())
        .put("message_ids", new JsonArray(new ArrayList<Object>(messageIds)))
        .encode();
  }

  static String typingFrame(String receiverId, boolean typing) {
    return new JsonObject()
        .put("type", "typing")
        .put("receiver_id", receiverId)
        .put("typing", typing)
        .encode();
  }

  static String groupTypingFrame(String groupId, boolean typing) {
    return new JsonObject()
        .put("type", "typing")
        .put("group_id", groupId)
        .put("typing", typing)
        .encode();
  }

  static String syncFrame(String after, Long since, Integer limit) {
    JsonObject json = new JsonObject().put("type", "sync");
    if (after != null) {
      json.put("after", after);
    }
    if (since != null) {
      json.put("since", since);
    }
    if (limit != null) {
      json.put("limit", limit);
    }
    return json.encode();
  }

  // ---- helpers ----

  /** A string field; numbers are accepted and rendered as decimal strings. */
  static String str(JsonObject json, String key) {
    Object value = json.getValue(key);
    if (value == null) {
      return null;
    }
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Number n) {
      return Long.toString(n.longValue());
    }
    return value.toString();
  }

  /** A numeric field; 0 when absent, decimal strings accepted. */
  static long num(JsonObject json, String key) {
    Object value = json.getValue(key);
    if (value instanceof Number n) {
      return n.longValue();
    }
    if (value instanceof String s) {
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        return 0;
      }
    }
    return 0;
  }

  static List<String> strings(JsonArray array) {
    if (array == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>(array.size());
    for (Object o : array) {
      out.add(o == null ? null : o.toString());
    }
    return out;
  }
}
