package io.parley.core.message;

/**
 * One participant's cumulative receipt markers in one conversation: every message with a
 * conversation sequence number up to {@code deliveredSeq} has reached one of their devices, and
 * up to {@code readSeq} has been read. {@code readSeq <= deliveredSeq} always.
 */
public record Markers(long deliveredSeq, long readSeq) {

  public static final Markers NONE = new Markers(0, 0);

  public Markers {
    if (readSeq > deliveredSeq) deliveredSeq = readSeq;
  }

  /** These markers moved forward to at least {@code seq} for {@code kind}. */
  public Markers advance(Receipt kind, long seq) {
    return kind == Receipt.READ
        ? new Markers(Math.max(deliveredSeq, seq), Math.max(readSeq, seq))
        : new Markers(Math.max(deliveredSeq, seq), readSeq);
  }
}
