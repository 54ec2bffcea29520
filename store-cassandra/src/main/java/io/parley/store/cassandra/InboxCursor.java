package io.parley.store.cassandra;

import io.parley.core.id.UserId;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The opaque inbox cursor of this store: a position in the reader's inbox, {@code c1:<pos>}.
 *
 * <p>An append answers one message whose position differs in each inbox, so its cursor lists them:
 * {@code c1:<owner>@<pos>,<owner>@<pos>}. Each participant may continue their own inbox from it;
 * anybody else's read with it is an invalid cursor.
 */
final class InboxCursor {

  static final String START = "c1:0";

  private static final String PREFIX = "c1:";
  private static final Pattern POSITION = Pattern.compile("\\d{1,18}");
  private static final Pattern ENTRY = Pattern.compile("\\d{1,19}@\\d{1,18}");

  private InboxCursor() {}

  static String at(long pos) {
    return PREFIX + pos;
  }

  static String of(Map<UserId, Long> positions) {
    StringBuilder cursor = new StringBuilder(PREFIX);
    new TreeMap<>(positions)
        .forEach(
            (owner, pos) -> {
              if (cursor.length() > PREFIX.length()) cursor.append(',');
              cursor.append(owner.value()).append('@').append(pos);
            });
    return cursor.toString();
  }

  /** The position in {@code owner}'s inbox that {@code cursor} names; empty if it is invalid. */
  static OptionalLong positionIn(String cursor, UserId owner) {
    if (cursor == null) return OptionalLong.of(0);
    if (!cursor.startsWith(PREFIX)) return OptionalLong.empty();
    String body = cursor.substring(PREFIX.length());
    if (POSITION.matcher(body).matches()) return OptionalLong.of(Long.parseLong(body));
    for (String entry : body.split(",", -1)) {
      if (!ENTRY.matcher(entry).matches()) return OptionalLong.empty();
      int at = entry.indexOf('@');
      if (entry.substring(0, at).equals(Long.toString(owner.value()))) {
        return OptionalLong.of(Long.parseLong(entry.substring(at + 1)));
      }
    }
    return OptionalLong.empty();
  }
}
