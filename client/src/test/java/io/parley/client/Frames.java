package io.parley.client;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Server frames as docs/API.md spells them, for the stub to send. */
final class Frames {
  private Frames() {}

  static JsonObject messageObject(String id, long seq) {
    return new JsonObject()
        .put("message_id", id)
        .put("conversation_id", "d-7-9")
        .put("seq", seq)
        .put("sender_id", "9")
        .put("receiver_id", "7")
        .put("content", "text " + id)
        .put("timestamp", 1_700_000_000_000L + seq)
        .put("status", "sent");
  }

  static JsonObject message(String id, long seq, String cursor) {
    return new JsonObject()
        .put("type", "message")
        .put("message", messageObject(id, seq))
        .put("cursor", cursor);
  }

  static JsonObject ack(String clientMsgId, String messageId) {
    return new JsonObject()
        .put("type", "ack")
        .put("client_msg_id", clientMsgId)
        .put("message", messageObject(messageId, 1).put("client_msg_id", clientMsgId));
  }

  static JsonObject error(String clientMsgId, String requestType, String code) {
    JsonObject frame =
        new JsonObject()
            .put("type", "error")
            .put("error", new JsonObject().put("code", code).put("message", "refused: " + code));
    if (clientMsgId != null) {
      frame.put("client_msg_id", clientMsgId);
    }
    if (requestType != null) {
      frame.put("request_type", requestType);
    }
    return frame;
  }

  static JsonObject syncPage(String nextCursor, boolean hasMore, JsonObject... messages) {
    JsonArray array = new JsonArray();
    for (JsonObject m : messages) {
      array.add(m);
    }
    return new JsonObject()
        .put("type", "sync")
        .put("messages", array)
        .put("next_cursor", nextCursor)
        .put("has_more", hasMore);
  }
}
