package io.parley.core.message;

import io.parley.core.delivery.Event;
import io.parley.core.delivery.EventBus;
import io.parley.core.error.ErrorCode;
import io.parley.core.error.Problem;
import io.parley.core.error.Result;
import io.parley.core.group.Group;
import io.parley.core.group.GroupStore;
import io.parley.core.group.Member;
import io.parley.core.id.GroupId;
import io.parley.core.id.MessageId;
import io.parley.core.id.UserId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Delivered and read receipts. Receipts are cumulative per conversation (ADR 003): acknowledging
 * a message acknowledges everything before it in that conversation. Each acknowledged message
 * that moved a marker produces a receipt event for its sender's connections and the reader's
 * other devices; for group messages the event carries the counts over all members.
 */
public final class ReceiptService {

  public static final int MAX_IDS_PER_RECEIPT = 1000;

  private final MessageStore store;
  private final GroupStore groups;
  private final EventBus bus;

  public ReceiptService(MessageStore store, GroupStore groups, EventBus bus) {
    this.store = store;
    this.groups = groups;
    this.bus = bus;
  }

  /**
   * Records that {@code reader} received or read {@code ids}. Fails without changing anything if
   * any id is unknown or names a message the reader cannot see; ids of the reader's own messages
   * are ignored.
   */
  public CompletionStage<Result<Integer>> acknowledge(
      UserId reader, Receipt kind, Collection<MessageId> ids) {
    if (ids.isEmpty() || ids.size() > MAX_IDS_PER_RECEIPT) {
      return failed(
          Problem.of(
              ErrorCode.INVALID_FIELD, "message_ids must hold 1-" + MAX_IDS_PER_RECEIPT + " ids"));
    }
    var unique = new LinkedHashSet<>(ids);
    return store
        .messages(unique)
        .thenCompose(
            found ->
                groupsOf(found.values())
                    .thenCompose(
                        groupsById -> {
                          Map<ConversationId, List<Message>> byConversation =
                              new LinkedHashMap<>();
                          for (MessageId id : unique) {
                            Message message = found.get(id);
                            if (message == null) {
                              return failed(Problem.of(ErrorCode.NOT_FOUND, "no message " + id));
                            }
                            if (!visibleTo(message, reader, groupsById)) {
                              return failed(
                                  Problem.of(ErrorCode.FORBIDDEN, "message " + id + " is not yours"));
                            }
                            if (message.sender().equals(reader)) continue;
                            byConversation
                                .computeIfAbsent(message.conversation(), c -> new ArrayList<>())
                                .add(message);
                          }
                          return apply(reader, kind, byConversation);
                        }));
  }

  /**
   * Who has received and read one message: for a 1:1 message its receiver, for a group message
   * every member who could see it. Only people who can see the message may ask.
   */
  public CompletionStage<Result<List<MemberReceipt>>> detail(UserId requester, MessageId id) {
    return store
        .messages(List.of(id))
        .thenCompose(
            found -> {
              Message message = found.get(id);
              if (message == null) return failed(Problem.of(ErrorCode.NOT_FOUND, "no message " + id));
              if (message.group() == null) {
                if (!message.sender().equals(requester) && !requester.equals(message.receiver())) {
                  return failed(Problem.of(ErrorCode.FORBIDDEN, "message " + id + " is not yours"));
                }
                return store
                    .markers(message.conversation(), message.receiver())
                    .thenApply(
                        m ->
                            Result.ok(
                                List.of(
                                    new MemberReceipt(
                                        message.receiver(), DeliveryStatus.of(message.seq(), m)))));
              }
              GroupId groupId = message.group();
              return groups
                  .group(groupId)
                  .thenCombine(
                      groups.markers(groupId),
                      (group, markers) -> {
                        if (group.isEmpty()
                            || !visibleTo(message, requester, Map.of(groupId, group.get()))) {
                          return Result.<List<MemberReceipt>>failed(
                              Problem.of(ErrorCode.FORBIDDEN, "message " + id + " is not yours"));
                        }
                        List<MemberReceipt> result = new ArrayList<>();
                        for (Member member : recipients(group.get(), message)) {
                          Markers m = markers.getOrDefault(member.user(), Markers.NONE);
                          result.add(
                              new MemberReceipt(member.user(), DeliveryStatus.of(message.seq(), m)));
                        }
                        return Result.ok(result);
                      });
            });
  }

  /** One member's status for a message. */
  public record MemberReceipt(UserId user, DeliveryStatus status) {}

  private CompletionStage<Result<Integer>> apply(
      UserId reader, Receipt kind, Map<ConversationId, List<Message>> byConversation) {
    CompletableFuture<Integer> total = CompletableFuture.completedFuture(0);
    for (var entry : byConversation.entrySet()) {
      List<Message> messages = entry.getValue();
      long maxSeq = messages.stream().mapToLong(Message::seq).max().orElseThrow();
      CompletionStage<Integer> one =
          store
              .advance(reader, entry.getKey(), kind, maxSeq)
              .thenCompose(change -> notify(reader, kind, messages, change));
      total = total.thenCombine(one, Integer::sum);
    }
    return total.thenApply(Result::ok);
  }

  private CompletionStage<Integer> notify(
      UserId reader, Receipt kind, List<Message> messages, MessageStore.MarkerChange change) {
    long before = kind == Receipt.READ ? change.before().readSeq() : change.before().deliveredSeq();
    List<Message> moved = messages.stream().filter(m -> m.seq() > before).toList();
    if (moved.isEmpty()) return CompletableFuture.completedFuture(0);
    GroupId group = moved.get(0).group();
    CompletionStage<Map<MessageId, GroupReceipts>> counts =
        group == null
            ? CompletableFuture.completedFuture(Map.of())
            : groups.group(group).thenCombine(groups.markers(group), (g, m) -> counts(g, m, moved));
    return counts.thenApply(
        byMessage -> {
          for (Message message : moved) {
            var event =
                new Event.ReceiptEvent(
                    message.id(),
                    message.conversation(),
                    reader,
                    kind.status(),
                    byMessage.get(message.id()));
            bus.publish(List.of(message.sender(), reader), event);
          }
          return moved.size();
        });
  }

  private static Map<MessageId, GroupReceipts> counts(
      Optional<Group> group, Map<UserId, Markers> markers, List<Message> messages) {
    Map<MessageId, GroupReceipts> result = new HashMap<>();
    if (group.isEmpty()) return result;
    for (Message message : messages) {
      int recipients = 0;
      int delivered = 0;
      int read = 0;
      for (Member member : recipients(group.get(), message)) {
        recipients++;
        Markers m = markers.getOrDefault(member.user(), Markers.NONE);
        if (m.deliveredSeq() >= message.seq()) delivered++;
        if (m.readSeq() >= message.seq()) read++;
      }
      result.put(message.id(), new GroupReceipts(recipients, delivered, read));
    }
    return result;
  }

  /** The current members, other than its sender, who can see a group message. */
  private static List<Member> recipients(Group group, Message message) {
    return group.members().values().stream()
        .filter(m -> !m.user().equals(message.sender()) && m.fromSeq() <= message.seq())
        .toList();
  }

  private CompletionStage<Map<GroupId, Group>> groupsOf(Collection<Message> messages) {
    Set<GroupId> ids = new LinkedHashSet<>();
    for (Message m : messages) if (m.group() != null) ids.add(m.group());
    CompletableFuture<Map<GroupId, Group>> all = CompletableFuture.completedFuture(new HashMap<>());
    for (GroupId id : ids) {
      all =
          all.thenCombine(
              groups.group(id),
              (map, group) -> {
                group.ifPresent(g -> map.put(id, g));
                return map;
              });
    }
    return all;
  }

  private static boolean visibleTo(Message message, UserId user, Map<GroupId, Group> groupsById) {
    if (message.group() == null) {
      return message.sender().equals(user) || user.equals(message.receiver());
    }
    Group group = groupsById.get(message.group());
    if (group == null) return false;
    return group.member(user).map(m -> m.fromSeq() <= message.seq()).orElse(false);
  }

  private static <T> CompletionStage<Result<T>> failed(Problem problem) {
    return CompletableFuture.completedFuture(Result.failed(problem));
  }
}
