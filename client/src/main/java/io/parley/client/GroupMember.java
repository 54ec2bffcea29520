package io.parley.client;

/**
 * One member of a {@link Group}.
 *
 * @param role {@code admin} or {@code member}
 * @param joinedAt epoch millis
 */
public record GroupMember(String userId, String role, long joinedAt) {
  public boolean isAdmin() {
    return "admin".equals(role);
  }
}
