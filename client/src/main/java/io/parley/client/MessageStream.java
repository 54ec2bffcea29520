package io.parley.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The ordered, de-duplicated stream of messages one connection hands to its listener, and the
 * cursor that marks how far it got.
 *
 * <p>Live {@code message} frames are delivered at once, unless a resume is running: then they wait
 * in a buffer until the resume's sync pages are through, so the listener sees missed messages
 * before newer ones. Every delivery goes through the recent-ids window; a message seen already is
 * dropped and does not move the cursor. The cursor is the last one received in order: the {@code
 * cursor} of the last delivered live message or the {@code next_cursor} of the last resume page.
 *
 * <p>Not thread-safe: used on the connection's event loop only ({@link #cursor()} excepted).
 */
final class MessageStream {
  /** Where delivered messages go. */
  interface Sink {
    void deliver(Message message, long receivedNanos);
  }

  private record Held(Message message, String cursor, long receivedNanos) {}

  private final RecentIds recent;
  private final Sink sink;
  private volatile String cursor;
  private boolean resuming;
  private List<Held> held;
  private int resumed;

  MessageStream(int dedupeWindow, String initialCursor, Sink sink) {
    this.recent = new RecentIds(dedupeWindow);
    this.cursor = initialCursor;
    this.sink = sink;
  }

  /** The last cursor received in order, or null before any. Safe from any thread. */
  String cursor() {
    return cursor;
  }

  boolean resuming() {
    return resuming;
  }

  /** A live {@code message} frame. */
  void live(Message message, String frameCursor, long receivedNanos) {
    if (resuming) {
      if (held == null) {
        held = new ArrayList<>();
      }
      held.add(new Held(message, frameCursor, receivedNanos));
      return;
    }
    deliver(message, frameCursor, receivedNanos);
  }

  /** A resume starts (or restarts after another disconnect): hold live frames until it ends. */
  void beginResume() {
    if (!resuming) {
      resuming = true;
      resumed = 0;
    }
  }

  /** One page of the resume: deliver what is new, move the cursor to the page's end. */
  void resumePage(Page page, long receivedNanos) {
    for (Message m : page.messages()) {
      if (recent.add(m.messageId())) {
        resumed++;
        sink.deliver(m, receivedNanos);
      }
    }
    if (page.nextCursor() != null) {
      cursor = page.nextCursor();
    }
  }

  /**
   * The resume is through: deliver the held live frames (repeats dropped).
   *
   * @return how many messages the resume's pages delivered
   */
  int endResume() {
    resuming = false;
    List<Held> pending = held;
    held = null;
    if (pending != null) {
      for (Held h : pending) {
        deliver(h.message, h.cursor, h.receivedNanos);
      }
    }
    return resumed;
  }

  /**
   * A page the application asked for with {@code sync}. It moves the cursor only when it continues
   * from the tracked cursor (the application reads the stream forward); a page of older history
   * must not move the cursor back.
   */
  void applicationPage(String after, Long since, Page page) {
    if (resuming || since != null || !Objects.equals(after, cursor)) {
      return;
    }
    for (Message m : page.messages()) {
      recent.add(m.messageId());
    }
    if (page.nextCursor() != null) {
      cursor = page.nextCursor();
    }
  }

  private void deliver(Message message, String frameCursor, long receivedNanos) {
    if (!recent.add(message.messageId())) {
      return;
    }
    if (frameCursor != null) {
      cursor = frameCursor;
    }
    sink.deliver(message, receivedNanos);
  }
}
