package io.parley.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.client.CloseEvent;
import io.parley.client.ConnectionListener;
import io.parley.client.Message;
import io.parley.client.Presence;
import io.parley.client.Ready;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;

/** What one SDK connection received, in arrival order, with the checks the cluster tests share. */
final class Inbox implements ConnectionListener {

  final List<Ready> readies = new CopyOnWriteArrayList<>();
  final List<Message> messages = new CopyOnWriteArrayList<>();
  final List<Presence> presences = new CopyOnWriteArrayList<>();
  final List<CloseEvent> closes = new CopyOnWriteArrayList<>();
  final List<Integer> resumes = new CopyOnWriteArrayList<>();

  @Override
  public void onReady(Ready ready) {
    readies.add(ready);
  }

  @Override
  public void onMessage(Message message, long receivedNanos) {
    messages.add(message);
  }

  @Override
  public void onPresence(Presence presence) {
    presences.add(presence);
  }

  @Override
  public void onClose(CloseEvent event) {
    closes.add(event);
  }

  @Override
  public void onResumed(int delivered) {
    resumes.add(delivered);
  }

  boolean has(String messageId) {
    return messages.stream().anyMatch(m -> m.messageId().equals(messageId));
  }

  Set<String> ids() {
    return messages.stream().map(Message::messageId).collect(Collectors.toSet());
  }

  /** Waits until every one of these messages arrived; the failure names those that did not. */
  void awaitAll(Collection<String> messageIds, String who) {
    try {
      ClusterEndToEnd.waitFor(messageIds.size() + " messages at " + who)
          .until(() -> ids().containsAll(messageIds));
    } catch (ConditionTimeoutException e) {
      Set<String> missing = new TreeSet<>(messageIds);
      missing.removeAll(ids());
      throw new AssertionError(
          who + " did not receive " + missing.size() + " of " + messageIds.size() + ": " + missing,
          e);
    }
  }

  /** {@link #awaitAll} with the failure naming each missing message by its content. */
  void awaitMessages(List<Message> expected, String who) {
    try {
      awaitAll(expected.stream().map(Message::messageId).toList(), who);
    } catch (AssertionError e) {
      Set<String> have = ids();
      List<String> missing =
          expected.stream()
              .filter(m -> !have.contains(m.messageId()))
              .map(m -> m.messageId() + " '" + m.content() + "'")
              .toList();
      throw new AssertionError(who + " did not receive " + missing, e);
    }
  }

  /** Waits until a presence frame about {@code userId} with this status arrived. */
  void awaitPresence(String userId, boolean online, String who) {
    ClusterEndToEnd.waitFor(who + " told that " + userId + " is " + (online ? "online" : "offline"))
        .until(
            () ->
                presences.stream()
                    .anyMatch(p -> p.userId().equals(userId) && p.online() == online));
  }

  /**
   * Asserts the contract's delivery guarantee over {@code received}: no message twice, and within
   * each conversation strictly ascending {@code seq} in arrival order.
   */
  static void assertOnceInOrder(List<Message> received, String who) {
    assertThat(received.stream().map(Message::messageId).toList())
        .as("messages received by %s, each once", who)
        .doesNotHaveDuplicates();
    Map<String, Long> last = new HashMap<>();
    for (Message m : received) {
      Long previous = last.put(m.conversationId(), m.seq());
      if (previous != null) {
        assertThat(m.seq())
            .as(
                "seq of %s in %s after seq %d, at %s",
                m.messageId(), m.conversationId(), previous, who)
            .isGreaterThan(previous);
      }
    }
  }
}
