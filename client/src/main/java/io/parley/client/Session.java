package io.parley.client;

import java.util.Objects;

/**
 * An authenticated session: the bearer token returned by {@code POST /auth/login}.
 *
 * @param token the JWT to send as {@code Authorization: Bearer <token>} or {@code ?token=} on
 *     {@code /ws}; never log it
 * @param userId the logged-in user's id
 * @param expiresAt when the token expires, epoch milliseconds
 */
public record Session(String token, String userId, long expiresAt) {
  public Session {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(userId, "userId");
  }

  /** Keeps the token out of logs. */
  @Override
  public String toString() {
    return "Session[userId=" + userId + ", expiresAt=" + expiresAt + "]";
  }
}
