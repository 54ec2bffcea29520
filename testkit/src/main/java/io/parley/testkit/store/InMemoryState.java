package io.parley.testkit.store;

import io.parley.core.group.Group;
import io.parley.core.group.Invite;
import io.parley.core.group.Member;
import io.parley.core.id.GroupId;
import io.parley.core.id.IdGenerator;
import io.parley.core.id.MessageId;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.DeliveryStatus;
import io.parley.core.message.GroupReceipts;
import io.parley.core.message.Markers;
import io.parley.core.message.Message;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The messages and groups of an {@link InMemoryStore}, guarded by the store's lock (this class is
 * not thread-safe on its own).
 *
 * <p>A user has markers in a conversation once they take part in it; a former group member also has
 * the seq of the announcement of their leaving, where their conversation ends.
 */
final class InMemoryState {

  final IdGenerator ids;
  final Map<MessageId, Message> bodies = new HashMap<>();
  final Map<ConversationId, List<MessageId>> logs = new HashMap<>();
  final Map<UserId, Map<ConversationId, Markers>> markers = new HashMap<>();
  final Map<UserId, Map<ConversationId, Long>> departedAt = new HashMap<>();
  final Map<UserId, NavigableSet<Long>> inboxes = new HashMap<>();
  final Map<GroupId, Group> groups = new LinkedHashMap<>();
  final Map<String, Invite> invites = new LinkedHashMap<>();

  InMemoryState(IdGenerator ids) {
    this.ids = ids;
  }

  /** The seq the next message of {@code conversation} gets. */
  long nextSeq(ConversationId conversation) {
    return logs.getOrDefault(conversation, List.of()).size() + 1;
  }

  /**
   * Stores {@code message} once and puts a reference to it in each of {@code audience}'s inboxes.
   */
  void store(Message message, Collection<UserId> audience) {
    bodies.put(message.id(), message);
    logs.computeIfAbsent(message.conversation(), c -> new ArrayList<>()).add(message.id());
    for (UserId user : audience) {
      inboxes.computeIfAbsent(user, u -> new TreeSet<>()).add(message.id().value());
    }
  }

  /** The message at {@code seq} of {@code conversation}. */
  Message at(ConversationId conversation, long seq) {
    return bodies.get(logs.get(conversation).get((int) seq - 1));
  }

  boolean takesPart(UserId user, ConversationId conversation) {
    return markers.getOrDefault(user, Map.of()).containsKey(conversation);
  }

  Markers markersOf(UserId user, ConversationId conversation) {
    return markers.getOrDefault(user, Map.of()).getOrDefault(conversation, Markers.NONE);
  }

  void setMarkers(UserId user, ConversationId conversation, Markers value) {
    markers.computeIfAbsent(user, u -> new HashMap<>()).put(conversation, value);
  }

  /** The seq of the announcement of the user's leaving, or 0 while they take part. */
  long departedAt(UserId user, ConversationId conversation) {
    return departedAt.getOrDefault(user, Map.of()).getOrDefault(conversation, 0L);
  }

  /** The last seq {@code user} may see in {@code conversation}. */
  long lastVisibleSeq(UserId user, ConversationId conversation) {
    long until = departedAt(user, conversation);
    return until > 0 ? until : nextSeq(conversation) - 1;
  }

  /**
   * A direct message with the status its receiver's markers give it; a group message with the
   * receipt counts of its recipients: current members other than the sender who joined by then.
   */
  Message withStatus(Message message) {
    if (message.receiver() != null) {
      Markers receiver = markersOf(message.receiver(), message.conversation());
      return message.withStatus(DeliveryStatus.of(message.seq(), receiver));
    }
    Group group = groups.get(message.group());
    int recipients = 0;
    int delivered = 0;
    int read = 0;
    for (Member member : group.members().values()) {
      if (member.user().equals(message.sender()) || member.fromSeq() > message.seq()) continue;
      recipients++;
      Markers own = markersOf(member.user(), message.conversation());
      if (own.deliveredSeq() >= message.seq()) delivered++;
      if (own.readSeq() >= message.seq()) read++;
    }
    return message.withReceipts(new GroupReceipts(recipients, delivered, read));
  }
}
