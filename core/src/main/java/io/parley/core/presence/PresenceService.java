package io.parley.core.presence;

import io.parley.core.account.User;
import io.parley.core.account.UserStore;
import io.parley.core.delivery.Event;
import io.parley.core.delivery.EventBus;
import io.parley.core.delivery.PresenceRegistry;
import io.parley.core.error.ErrorCode;
import io.parley.core.error.Problem;
import io.parley.core.error.Result;
import io.parley.core.group.Group;
import io.parley.core.group.GroupStore;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.ConversationSummary;
import io.parley.core.message.MessageStore;
import io.parley.core.message.Recipient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Online/offline and last-seen, and typing indicators. A user's contacts are the peers of their
 * 1:1 conversations: they are told when the user comes online or goes offline.
 */
public final class PresenceService {

  private final PresenceRegistry registry;
  private final UserStore users;
  private final MessageStore messages;
  private final GroupStore groups;
  private final EventBus bus;
  private final Clock clock;

  public PresenceService(
      PresenceRegistry registry,
      UserStore users,
      MessageStore messages,
      GroupStore groups,
      EventBus bus,
      Clock clock) {
    this.registry = registry;
    this.users = users;
    this.messages = messages;
    this.groups = groups;
    this.bus = bus;
    this.clock = clock;
  }


  /** A connection of {@code user} opened. */
  public CompletionStage<Void> connected(UserId user) {
    return registry
        .connected(user)
        .thenCompose(
            first ->
                first
                    ? contacts(user)
                        .thenAccept(
                            contacts ->
                                bus.publish(contacts, new Event.PresenceEvent(user, true, 0)))
                    : CompletableFuture.completedFuture(null));
  }

  /** A connection of {@code user} closed. */
  public CompletionStage<Void> disconnected(UserId user) {
    return registry
        .disconnected(user)
        .thenCompose(
            last -> {
              if (!last) return CompletableFuture.completedFuture(null);
              long now = clock.millis();
              return users
                  .updateLastSeen(user, now)
                  .thenCompose(ignored -> contacts(user))
                  .thenAccept(
                      contacts -> bus.publish(contacts, new Event.PresenceEvent(user, false, now)));
            });
  }

  /** The presence of {@code user}'s contacts, to greet a new connection with. */
  public CompletionStage<List<Event.PresenceEvent>> contactsPresence(UserId user) {
    return contacts(user).thenCompose(this::presenceOf);
  }

  /** The presence of the given users that exist. */
  public CompletionStage<List<Event.PresenceEvent>> presenceOf(Set<UserId> ids) {
    return registry
        .online(ids)
        .thenCombine(
            users.findAll(ids),
            (online, found) -> {
              List<Event.PresenceEvent> result = new ArrayList<>();
              for (Map.Entry<UserId, User> entry : found.entrySet()) {
                boolean isOnline = online.contains(entry.getKey());
                result.add(
                    new Event.PresenceEvent(
                        entry.getKey(), isOnline, isOnline ? 0 : entry.getValue().lastSeen()));
              }
              return result;
            });
  }

  /** Tells the other side of a conversation that {@code user} is (or stopped) typing. */
  public CompletionStage<Result<Void>> typing(UserId user, Recipient to, boolean typing) {
    if (to instanceof Recipient.ToGroup toGroup) return typingInGroup(user, toGroup, typing);
    Recipient.ToUser toUser = (Recipient.ToUser) to;
    UserId peer = toUser.user();
    if (peer.equals(user)) {
      return CompletableFuture.completedFuture(
          Result.failed(Problem.of(ErrorCode.INVALID_RECIPIENT, "cannot type to yourself")));
    }
    return users
        .findById(peer)
        .thenApply(
            found -> {
              if (found.isEmpty()) {
                return Result.failed(Problem.of(ErrorCode.USER_NOT_FOUND, "no user " + peer));
              }
              var conversation = ConversationId.direct(user, peer);
              bus.publish(List.of(peer), new Event.TypingEvent(conversation, user, typing));
              return Result.ok(null);
            });
  }

  private CompletionStage<Result<Void>> typingInGroup(
      UserId user, Recipient.ToGroup to, boolean typing) {
    return groups
        .group(to.group())
        .thenApply(
            found -> {
              if (found.isEmpty() || !found.get().isMember(user)) {
                return Result.failed(
                    Problem.of(ErrorCode.NOT_MEMBER, "you are not a member of this group"));
              }
              Group group = found.get();
              List<UserId> others =
                  group.members().keySet().stream().filter(u -> !u.equals(user)).toList();
              bus.publish(others, new Event.TypingEvent(group.conversation(), user, typing));
              return Result.ok(null);
            });
  }

  private CompletionStage<Set<UserId>> contacts(UserId user) {
    return messages
        .conversations(user)
        .thenApply(
            list -> {
              Set<UserId> result = new LinkedHashSet<>();
              for (ConversationSummary summary : list) {
                if (summary.conversation() instanceof ConversationId.Direct direct) {
                  result.add(direct.peerOf(user));
                }
              }
              return result;
            });
  }
}
