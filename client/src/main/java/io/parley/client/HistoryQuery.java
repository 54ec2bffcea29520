package io.parley.client;

/**
 * Parameters of {@code GET /messages/{user_id}}; null fields are left out.
 *
 * @param since epoch millis: skip older messages
 * @param after a {@link Page#nextCursor()} to continue from
 * @param limit 1–500, server default 50
 */
public record HistoryQuery(Long since, String after, Integer limit) {
  /** No filter: the first page with the server's default size. */
  public static final HistoryQuery FIRST = new HistoryQuery(null, null, null);

  public static HistoryQuery after(String cursor, int limit) {
    return new HistoryQuery(null, cursor, limit);
  }

  public static HistoryQuery since(long millis, int limit) {
    return new HistoryQuery(millis, null, limit);
  }
}
