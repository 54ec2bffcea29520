package io.parley.core.message;

import io.parley.core.id.GroupId;
import io.parley.core.id.MessageId;
import io.parley.core.id.UserId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Port: durable message storage, fan-out on write.
 *
 * <p>A message body is stored once; each participant's inbox gets a small reference to it. Every
 * message gets the next gapless sequence number of its conversation. Inboxes are read with an
 * opaque cursor defined by the store: a reader that continues from the {@code nextCursor} of its
 * last page sees every later message exactly once, in per-conversation order.
 *
 * <p>Messages returned by reads carry their {@link DeliveryStatus}, derived from the recipients'
 * {@link Markers}.
 */
public interface MessageStore {

  /**
   * Stores a message unless the sender already stored one with the same {@code clientMsgId}, in
   * which case the earlier message is returned. Completes only once the write is durable (synced to
   * disk, or acknowledged by a write quorum). Also moves the sender's read marker to the new
   * message: sending implies having read what came before.
   */
  CompletionStage<AppendResult> append(NewMessage message);

  /** A page of {@code owner}'s inbox, oldest first. */
  CompletionStage<InboxResult> inbox(UserId owner, InboxQuery query);

  /**
   * A page of one conversation, newest first: messages with {@code seq < beforeSeq} (pass {@link
   * Long#MAX_VALUE} for the newest).
   */
  CompletionStage<HistoryPage> history(ConversationId conversation, long beforeSeq, int limit);

  /** The messages among {@code ids} that exist. */
  CompletionStage<Map<MessageId, Message>> messages(Collection<MessageId> ids);

  /** Every conversation {@code owner} takes part in, most recently active first. */
  CompletionStage<List<ConversationSummary>> conversations(UserId owner);

  /** {@code user}'s markers in {@code conversation} ({@link Markers#NONE} if none yet). */
  CompletionStage<Markers> markers(ConversationId conversation, UserId user);

  /**
   * Moves {@code user}'s marker of the given kind forward to {@code seq} (never backward; a READ
   * also moves DELIVERED). Answers the markers before and after.
   */
  CompletionStage<MarkerChange> advance(
      UserId user, ConversationId conversation, Receipt kind, long seq);

  /**
   * Sets the listener that hears of every stored message — appends and group announcements — in
   * commit order, before the writer's future completes. Live delivery hangs on it: publishing in
   * commit order is what lets a client resume from the cursor of the last message it received
   * without missing one committed just before. The listener must not block. A store with several
   * writers (nodes) tells it of a conversation's next message only once the stage it answered for
   * the previous one has completed, so that live frames keep the conversation's order across nodes.
   */
  void onStored(StoredListener listener);

  /** Hears of stored messages, see {@link #onStored}. */
  @FunctionalInterface
  interface StoredListener {
    /**
     * {@code audience}: every user whose inbox got the message; {@code cursor}: its position. The
     * stage completes once the message is on its way to the audience's live connections.
     */
    CompletionStage<Void> stored(Message message, String cursor, Set<UserId> audience);
  }

  /**
   * What {@link #append} is given. For a 1:1 message, {@code participants} are the two users whose
   * inboxes get it. For a group message ({@code group} set) {@code participants} must be null: the
   * store resolves the group's members at the moment of the write (so a member removed before it
   * never gets it, one added before it does), and refuses the write if the sender is not one.
   */
  record NewMessage(
      ConversationId conversation,
      UserId sender,
      UserId receiver,
      GroupId group,
      String content,
      String clientMsgId,
      Set<UserId> participants) {
    public NewMessage {
      Objects.requireNonNull(conversation, "conversation");
      Objects.requireNonNull(sender, "sender");
      Objects.requireNonNull(content, "content");
      if (group != null) {
        if (participants != null) {
          throw new IllegalArgumentException("a group message's participants come from the store");
        }
      } else {
        participants = Set.copyOf(participants);
        if (!participants.contains(sender)) {
          throw new IllegalArgumentException("the sender must be a participant");
        }
      }
    }

    /** A message to a group, fanned out to its members as of the write. */
    public static NewMessage toGroup(
        GroupId group, UserId sender, String content, String clientMsgId) {
      return new NewMessage(
          ConversationId.group(group), sender, null, group, content, clientMsgId, null);
    }
  }

  /** What {@link #append} answers. */
  sealed interface AppendResult {

    /** The stored message; throws for {@link NotMember}, which stored nothing. */
    default Message message() {
      throw new IllegalStateException("nothing was stored: the sender is not a member");
    }

    /**
     * Stored. {@code cursor} is the message's position in every inbox; {@code audience} is every
     * user whose inbox got it (the two participants, or the group's members at the write).
     */
    record Appended(Message message, String cursor, Set<UserId> audience) implements AppendResult {
      public Appended {
        audience = Set.copyOf(audience);
      }

      /** A stored 1:1 message: its audience is its sender and receiver. */
      public Appended(Message message, String cursor) {
        this(message, cursor, Set.of(message.sender(), message.receiver()));
      }
    }

    /** An earlier message of the same sender with the same client_msg_id. */
    record Duplicate(Message message) implements AppendResult {}

    /** A group message whose sender is not (or no longer) a member: nothing was stored. */
    record NotMember() implements AppendResult {}
  }

  /**
   * Which inbox entries to read: after {@code after} (null for the start), with a timestamp at or
   * after {@code sinceMillis} (0 for any), at most {@code limit}.
   */
  record InboxQuery(String after, long sinceMillis, int limit) {
    public InboxQuery {
      if (limit < 1) throw new IllegalArgumentException("limit must be positive: " + limit);
    }
  }

  /** What {@link #inbox} answers. */
  sealed interface InboxResult {
    /**
     * {@code nextCursor} continues after the last message of this page (it equals the query's
     * cursor when the page is empty, or a cursor for the start when that was null).
     */
    record Page(List<Message> messages, String nextCursor, boolean hasMore)
        implements InboxResult {}

    record InvalidCursor() implements InboxResult {}
  }

  /** What {@link #history} answers. */
  record HistoryPage(List<Message> messages, boolean hasMore) {}

  /** What {@link #advance} answers. */
  record MarkerChange(Markers before, Markers after) {
    public boolean changed() {
      return !before.equals(after);
    }
  }
}
