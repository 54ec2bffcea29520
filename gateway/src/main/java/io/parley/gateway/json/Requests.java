package io.parley.gateway.json;

import io.parley.core.error.ErrorCode;
import io.parley.core.group.Role;
import io.parley.core.id.GroupId;
import io.parley.core.id.MessageId;
import io.parley.core.id.UserId;
import io.parley.core.message.Receipt;
import io.parley.core.message.Recipient;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The typed requests of the contract (docs/API.md) and their strict decoders, shared by HTTP bodies
 * and WebSocket frames. Each decoder throws {@link InputException} on bad input.
 */
public final class Requests {

  private static final Set<String> REGISTER = Set.of("username", "password", "phone");
  private static final Set<String> LOGIN = Set.of("username", "password");
  private static final Set<String> SEND_HTTP =
      Set.of("receiver_id", "group_id", "content", "client_msg_id");
  private static final Set<String> SEND_WS =
      Set.of("type", "receiver_id", "group_id", "content", "client_msg_id");
  private static final Set<String> RECEIPT = Set.of("type", "message_ids");
  private static final Set<String> TYPING = Set.of("type", "receiver_id", "group_id", "typing");
  private static final Set<String> CREATE_GROUP = Set.of("name", "member_ids");
  private static final Set<String> RENAME_GROUP = Set.of("name");
  private static final Set<String> ADD_MEMBERS = Set.of("user_ids");
  private static final Set<String> SET_ROLE = Set.of("role");
  private static final Set<String> SYNC = Set.of("type", "after", "since", "limit");
  private static final Set<String> PING = Set.of("type");

  private Requests() {}

  /** {@code POST /auth/register}. */
  public record Register(String username, String password, String phone) {}

  /** {@code POST /auth/login}. */
  public record Login(String username, String password) {}

  /** {@code POST /messages/send} and the {@code send} frame. */
  public record Send(Recipient recipient, String content, String clientMsgId) {}

  /** {@code POST /receipts} and the {@code delivered}/{@code read} frames. */
  public record Receipts(Receipt kind, List<MessageId> ids) {}

  /** The {@code typing} frame (to a user or a group). */
  public record Typing(Recipient to, boolean typing) {}

  /** {@code POST /groups/create}. */
  public record CreateGroup(String name, List<UserId> memberIds) {}

  /** The {@code sync} frame ({@code limit} null for the default page size). */
  public record Sync(String after, long since, Integer limit) {}

  public static Register register(JsonInput in) {
    in.allow(REGISTER);
    return new Register(
        in.string("username"), in.string("password"), in.optString("phone").orElse(null));
  }

  public static Login login(JsonInput in) {
    in.allow(LOGIN);
    return new Login(in.string("username"), in.string("password"));
  }

  /** A send; over WebSocket the {@code client_msg_id} is required (it pairs ack and request). */
  public static Send send(JsonInput in, boolean frame) {
    in.allow(frame ? SEND_WS : SEND_HTTP);
    Recipient recipient = recipient(in);
    String clientMsgId =
        frame ? in.string("client_msg_id") : in.optString("client_msg_id").orElse(null);
    String content = in.string("content");
    return new Send(recipient, content, clientMsgId);
  }

  /** Exactly one of {@code receiver_id} and {@code group_id}, else {@code INVALID_RECIPIENT}. */
  private static Recipient recipient(JsonInput in) {
    Optional<UserId> receiver = in.optUserId("receiver_id");
    Optional<GroupId> group = in.optGroupId("group_id");
    if (receiver.isPresent() == group.isPresent()) {
      throw new InputException(
          ErrorCode.INVALID_RECIPIENT, "give exactly one of receiver_id and group_id");
    }
    return receiver.isPresent()
        ? new Recipient.ToUser(receiver.get())
        : new Recipient.ToGroup(group.get());
  }

  /** {@code POST /receipts}: the kind is in the {@code type} field. */
  public static Receipts receipts(JsonInput in) {
    in.allow(RECEIPT);
    return new Receipts(receiptKind(in.string("type")), in.messageIds("message_ids"));
  }

  /** A {@code delivered} or {@code read} frame: the kind is the frame type. */
  public static Receipts receiptFrame(JsonInput in, Receipt kind) {
    in.allow(RECEIPT);
    return new Receipts(kind, in.messageIds("message_ids"));
  }

  public static Typing typing(JsonInput in) {
    in.allow(TYPING);
    Recipient to = recipient(in);
    return new Typing(to, in.bool("typing"));
  }

  public static CreateGroup createGroup(JsonInput in) {
    in.allow(CREATE_GROUP);
    return new CreateGroup(in.string("name"), in.userIds("member_ids"));
  }

  /** {@code PATCH /groups/{id}}: the new name. */
  public static String renameGroup(JsonInput in) {
    in.allow(RENAME_GROUP);
    return in.string("name");
  }

  /** {@code POST /groups/{id}/members}: the users to add. */
  public static List<UserId> addMembers(JsonInput in) {
    in.allow(ADD_MEMBERS);
    return in.userIds("user_ids");
  }

  /** {@code PUT /groups/{id}/members/{user_id}/role}. */
  public static Role role(JsonInput in) {
    in.allow(SET_ROLE);
    return switch (in.string("role")) {
      case "admin" -> Role.ADMIN;
      case "member" -> Role.MEMBER;
      default ->
          throw new InputException(ErrorCode.INVALID_FIELD, "role must be 'admin' or 'member'");
    };
  }

  public static Sync sync(JsonInput in) {
    in.allow(SYNC);
    String after = in.optString("after").orElse(null);
    long since = in.optLong("since").orElse(0L);
    Long limit = in.optLong("limit").orElse(null);
    return new Sync(after, since, limit == null ? null : clampToInt(limit));
  }

  public static void ping(JsonInput in) {
    in.allow(PING);
  }

  /** {@code delivered} or {@code read}. */
  public static Receipt receiptKind(String type) {
    return switch (type) {
      case "delivered" -> Receipt.DELIVERED;
      case "read" -> Receipt.READ;
      default ->
          throw new InputException(ErrorCode.INVALID_FIELD, "type must be 'delivered' or 'read'");
    };
  }

  /** Out-of-range values stay out of range (and are refused by the page-size check). */
  static int clampToInt(long value) {
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
  }
}
