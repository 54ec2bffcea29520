package io.parley.bench.load;

/**
 * The content of a bench message: {@code pb RUN MSG SENDER SEQ INTENDED GROUP xxxx...}. It carries
 * everything a receiver needs to check the message: the run it belongs to (older runs' messages in
 * a reused data directory are ignored), its number in the run, the sender's index and per-sender
 * sequence number, the intended send time ({@link System#nanoTime()} of this process) and the group
 * index (-1 for 1:1), padded to the requested size.
 */
public record Content(String run, int msgNo, int sender, int seq, long intendedNanos, int group) {

  private static final String MAGIC = "pb ";

  public String encode(int size) {
    StringBuilder b =
        new StringBuilder(Math.max(size, 64))
            .append(MAGIC)
            .append(run)
            .append(' ')
            .append(msgNo)
            .append(' ')
            .append(sender)
            .append(' ')
            .append(seq)
            .append(' ')
            .append(intendedNanos)
            .append(' ')
            .append(group)
            .append(' ');
    while (b.length() < size) {
      b.append('x');
    }
    return b.toString();
  }

  /** The content's fields if it is a message of run {@code run}, else null. */
  public static Content parse(String text, String run) {
    if (text == null || !text.startsWith(MAGIC) || !text.startsWith(run, MAGIC.length())) {
      return null;
    }
    int at = MAGIC.length() + run.length();
    if (text.length() <= at || text.charAt(at) != ' ') {
      return null;
    }
    try {
      long[] f = new long[5];
      int pos = at + 1;
      for (int i = 0; i < f.length; i++) {
        int end = text.indexOf(' ', pos);
        if (end < 0) {
          return null;
        }
        f[i] = Long.parseLong(text, pos, end, 10);
        pos = end + 1;
      }
      return new Content(run, (int) f[0], (int) f[1], (int) f[2], f[3], (int) f[4]);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
