package io.parley.client;

/**
 * A message to send, over HTTP ({@link ParleyClient#send}) or the WebSocket ({@link
 * ParleyConnection#send(SendRequest)}). Exactly one of {@code receiverId} and {@code groupId}.
 *
 * @param clientMsgId idempotency key (1–64 characters of {@code A-Z a-z 0-9 _ . : -}); sending
 *     again with the same key returns the same message. Optional over HTTP; the WebSocket generates
 *     one when null.
 */
public record SendRequest(String receiverId, String groupId, String content, String clientMsgId) {
  public SendRequest {
    if ((receiverId == null) == (groupId == null)) {
      throw new IllegalArgumentException("exactly one of receiverId and groupId");
    }
  }

  /** A 1:1 message. */
  public static SendRequest toUser(String receiverId, String content) {
    return new SendRequest(receiverId, null, content, null);
  }

  /** A group message. */
  public static SendRequest toGroup(String groupId, String content) {
    return new SendRequest(null, groupId, content, null);
  }

  /** The same request with an idempotency key. */
  public SendRequest withClientMsgId(String id) {
    return new SendRequest(receiverId, groupId, content, id);
  }
}
