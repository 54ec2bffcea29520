package io.parley.store.rocksdb;

import io.parley.core.message.Markers;
import io.parley.core.message.Receipt;

/**
 * A user's standing in one conversation: their receipt markers, the first position they may see
 * ({@code fromSeq}), and, once they left a group, the position and id of the message that announced
 * it ({@code untilSeq > 0}): their conversation ends there. In a direct conversation {@code
 * fromSeq} is 1 and nobody leaves.
 *
 * <p>Invariant: {@code markers >= fromSeq - 1} (a member joins with both markers just before the
 * announcement of their joining), which the receipt counts rely on.
 */
record Standing(Markers markers, long fromSeq, long untilSeq, long untilMessageId) {

  static Standing direct(Markers markers) {
    return new Standing(markers, 1, 0, 0);
  }

  /** A member from {@code fromSeq} on, with both markers just before it. */
  static Standing joining(long fromSeq) {
    return new Standing(new Markers(fromSeq - 1, fromSeq - 1), fromSeq, 0, 0);
  }

  boolean departed() {
    return untilSeq > 0;
  }

  /** The last position this user may see, given the conversation's last one. */
  long lastVisibleSeq(long lastSeq) {
    return departed() ? untilSeq : lastSeq;
  }

  Standing withMarkers(Markers newMarkers) {
    return new Standing(newMarkers, fromSeq, untilSeq, untilMessageId);
  }

  /** The markers moved to {@code seq}: sending or announcing implies having read. */
  Standing read(long seq) {
    return withMarkers(markers.advance(Receipt.READ, seq));
  }

  /** Left (or removed) at the message {@code seq}, {@code messageId}. */
  Standing departedAt(long seq, long messageId) {
    return new Standing(markers, fromSeq, seq, messageId);
  }
}
