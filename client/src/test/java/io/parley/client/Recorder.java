package io.parley.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A listener that keeps everything it hears, for assertions. */
class Recorder implements ConnectionListener {
  final List<Ready> readies = new CopyOnWriteArrayList<>();
  final List<Message> messages = new CopyOnWriteArrayList<>();
  final List<Long> receivedNanos = new CopyOnWriteArrayList<>();
  final List<Receipt> receipts = new CopyOnWriteArrayList<>();
  final List<Typing> typings = new CopyOnWriteArrayList<>();
  final List<Presence> presences = new CopyOnWriteArrayList<>();
  final List<ErrorFrame> errors = new CopyOnWriteArrayList<>();
  final List<CloseEvent> closes = new CopyOnWriteArrayList<>();
  final List<Duration> reconnectDelays = new CopyOnWriteArrayList<>();
  final List<Integer> resumes = new CopyOnWriteArrayList<>();
  final List<String> threads = new CopyOnWriteArrayList<>();

  @Override
  public void onReady(Ready ready) {
    readies.add(ready);
  }

  @Override
  public void onMessage(Message message, long nanos) {
    threads.add(Thread.currentThread().getName());
    messages.add(message);
    receivedNanos.add(nanos);
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
    reconnectDelays.add(delay);
  }

  @Override
  public void onResumed(int delivered) {
    resumes.add(delivered);
  }

  List<String> messageIds() {
    return messages.stream().map(Message::messageId).toList();
  }
}
