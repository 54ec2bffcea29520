package io.parley.client;

import java.time.Duration;

/**
 * Receives the events of a {@link ParleyConnection}. Every method has a no-op default: implement
 * the ones you need.
 *
 * <p>All methods run on the connection's Vert.x event loop, one at a time and in arrival order:
 * never block in them. An exception thrown by a method is logged and otherwise ignored.
 */
public interface ConnectionListener {
  /** A listener that ignores everything. */
  ConnectionListener NONE = new ConnectionListener() {};

  /** The server accepted the connection: after the first connect and after every reconnect. */
  default void onReady(Ready ready) {}

  /**
   * A new message in one of the user's conversations, including the user's own. Each message is
   * delivered once per connection, also across reconnects (live frames and resume pages are
   * de-duplicated by message id).
   *
   * @param receivedNanos {@link System#nanoTime()} when the frame that carried it arrived
   */
  default void onMessage(Message message, long receivedNanos) {}

  default void onReceipt(Receipt receipt) {}

  default void onTyping(Typing typing) {}

  default void onPresence(Presence presence) {}

  /** An {@code error} frame that answers no pending {@code send}, {@code sync} or {@code ping}. */
  default void onError(ErrorFrame error) {}

  /** The socket closed; {@link CloseEvent#reconnecting()} tells whether it comes back. */
  default void onClose(CloseEvent event) {}

  /** The next reconnect attempt (1-based) starts after {@code delay}. */
  default void onReconnecting(int attempt, Duration delay) {}

  /**
   * A resume finished: everything missed while disconnected has been delivered.
   *
   * @param delivered how many messages the resume delivered
   */
  default void onResumed(int delivered) {}
}
