package io.parley.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.app.cluster.ClusterEndToEnd.User;
import io.parley.client.Message;
import io.parley.client.ParleyConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A bounded, continuous send load: each sender sends {@code perSender} 1:1 messages over its own
 * connection, to the recipients in turn, with at most {@link #WINDOW} sends waiting for their ack
 * (so that the load spreads over time and a fault lands in the middle of it). Each send carries a
 * {@code client_msg_id}, so the SDK's retry after a reconnect can never store it twice.
 */
final class Load {

  /** Sends of one sender waiting for their ack at a time. */
  static final int WINDOW = 4;

  /** How long the whole load may take, faults included. */
  static final Duration DEADLINE = Duration.ofSeconds(90);

  /** One send: to whom, and how it ended (exactly one of {@code acked} and {@code failure}). */
  record Send(User from, User to, int index, Message acked, Throwable failure) {}

  private final List<Thread> threads = new ArrayList<>();
  private final List<CompletableFuture<Send>> sends = new CopyOnWriteArrayList<>();
  private final AtomicInteger acked = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();

  private Load() {}

  /**
   * Starts sending on threads of its own and returns at once. {@code senders} and {@code
   * connections} go together by index.
   */
  static Load start(
      List<User> senders, List<ParleyConnection> connections, List<User> to, int perSender) {
    Load load = new Load();
    for (int s = 0; s < senders.size(); s++) {
      User from = senders.get(s);
      ParleyConnection connection = connections.get(s);
      Thread thread =
          new Thread(() -> load.send(from, connection, to, perSender), "load-" + from.name());
      thread.setDaemon(true);
      load.threads.add(thread);
    }
    load.threads.forEach(Thread::start);
    return load;
  }

  private void send(User from, ParleyConnection connection, List<User> to, int count) {
    Semaphore window = new Semaphore(WINDOW);
    for (int i = 0; i < count; i++) {
      window.acquireUninterruptibly();
      User recipient = to.get(i % to.size());
      int index = i;
      String clientMsgId = from.name() + "-" + i;
      CompletableFuture<Send> done =
          connection
              .send(recipient.id(), content(from, i), clientMsgId)
              .handle(
                  (message, failure) -> {
                    window.release();
                    (failure == null ? acked : failed).incrementAndGet();
                    return new Send(from, recipient, index, message, failure);
                  });
      sends.add(done);
    }
  }

  /** Sends acknowledged so far. */
  int acked() {
    return acked.get();
  }

  /** Waits until every send has ended, acked or failed; returns them all. */
  List<Send> awaitEnd() throws InterruptedException {
    for (Thread thread : threads) thread.join(DEADLINE.toMillis());
    ClusterEndToEnd.waitFor("every send acked or failed")
        .atMost(DEADLINE)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> sends.stream().allMatch(CompletableFuture::isDone));
    return sends.stream().map(CompletableFuture::join).toList();
  }

  /** The acknowledged sends to {@code recipient}, by sender, each sender's in the order sent. */
  static Map<String, List<Message>> ackedTo(List<Send> sends, User recipient) {
    return sends.stream()
        .filter(s -> s.acked() != null && s.to().id().equals(recipient.id()))
        .sorted(Comparator.comparingInt(Send::index))
        .collect(
            Collectors.groupingBy(
                s -> s.from().id(), Collectors.mapping(Send::acked, Collectors.toList())));
  }

  /** The contents of the sends that failed (each send's content is unique). */
  static Set<String> failedContents(List<Send> sends) {
    return sends.stream()
        .filter(s -> s.failure() != null)
        .map(s -> content(s.from(), s.index()))
        .collect(Collectors.toSet());
  }

  private static String content(User from, int index) {
    return "load " + index + " from " + from.name();
  }

  /** Asserts that every send was acknowledged: none failed, whatever the fault. */
  static void assertAllAcked(List<Send> sends) {
    assertThat(sends.stream().filter(s -> s.failure() != null).map(s -> s.failure().toString()))
        .as("sends that failed")
        .isEmpty();
  }

  /**
   * Asserts that each sender's acknowledged messages to one recipient have ascending {@code seq} in
   * the order they were sent (the contract: a sender's messages are stored in the order sent).
   */
  static void assertStoredInSendOrder(Map<String, List<Message>> bySender) {
    bySender.forEach(
        (sender, messages) ->
            assertThat(messages.stream().map(Message::seq).toList())
                .as("seq of %s's messages in the order sent", sender)
                .isSorted()
                .doesNotHaveDuplicates());
  }
}
