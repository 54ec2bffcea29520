package io.parley.app.it;

import io.parley.client.CloseEvent;
import io.parley.client.ConnectionListener;
import io.parley.client.ErrorFrame;
import io.parley.client.Message;
import io.parley.client.Presence;
import io.parley.client.Ready;
import io.parley.client.Receipt;
import io.parley.client.Typing;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** A {@link ConnectionListener} that keeps every event it is given, for assertions. */
final class Recorder implements ConnectionListener {

  final List<Ready> readies = new CopyOnWriteArrayList<>();
  final List<Message> messages = new CopyOnWriteArrayList<>();
  final List<Receipt> receipts = new CopyOnWriteArrayList<>();
  final List<Typing> typings = new CopyOnWriteArrayList<>();
  final List<Presence> presences = new CopyOnWriteArrayList<>();
  final List<ErrorFrame> errors = new CopyOnWriteArrayList<>();
  final List<CloseEvent> closes = new CopyOnWriteArrayList<>();
  final List<Integer> resumes = new CopyOnWriteArrayList<>();
  final AtomicInteger reconnecting = new AtomicInteger();

  @Override
  public void onReady(Ready ready) {
    readies.add(ready);
  }

  @Override
  public void onMessage(Message message, long receivedNanos) {
    messages.add(message);
  }

  @Override
  public void onReceipt(Receipt receipt) {
    receipts.add(receipt);
  }

  @Override
  public void onTyping(Typing typing) {
    typings.add(typing);
  }

  @Override
  public void onPresence(Presence presence) {
    presences.add(presence);
  }

  @Override
  public void onError(ErrorFrame error) {
    errors.add(error);
  }

  @Override
  public void onClose(CloseEvent event) {
    closes.add(event);
  }

  @Override
  public void onReconnecting(int attempt, Duration delay) {
    reconnecting.incrementAndGet();
  }

  @Override
  public void onResumed(int delivered) {
    resumes.add(delivered);
  }

  /** Waits until a message with this id arrived. */
  Message awaitMessage(String messageId) {
    return awaitFirst(messages, m -> m.messageId().equals(messageId), "message " + messageId);
  }

  /** Waits until {@code count} messages arrived in all. */
  void awaitMessages(int count) {
    EndToEnd.waitFor("" + count + " messages").until(() -> messages.size() >= count);
  }

  /** Waits for the error frame number {@code index} (0-based, in arrival order). */
  ErrorFrame awaitError(int index) {
    EndToEnd.waitFor("error frame #" + index).until(() -> errors.size() > index);
    return errors.get(index);
  }

  Receipt awaitReceipt(Predicate<Receipt> condition, String what) {
    return awaitFirst(receipts, condition, what);
  }

  Presence awaitPresence(Predicate<Presence> condition, String what) {
    return awaitFirst(presences, condition, what);
  }

  Typing awaitTyping(Predicate<Typing> condition, String what) {
    return awaitFirst(typings, condition, what);
  }

  CloseEvent awaitClose() {
    return awaitFirst(closes, c -> true, "close");
  }

  private static <T> T awaitFirst(List<T> list, Predicate<T> condition, String what) {
    EndToEnd.waitFor(what).until(() -> list.stream().anyMatch(condition));
    return list.stream().filter(condition).findFirst().orElseThrow();
  }
}
