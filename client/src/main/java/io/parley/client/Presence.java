package io.parley.client;

/**
 * A contact came online or went offline.
 *
 * @param status {@code online} or {@code offline}
 * @param lastSeen epoch millis, 0 when unknown
 */
public record Presence(String userId, String status, long lastSeen) {
  public boolean online() {
    return "online".equals(status);
  }
}
