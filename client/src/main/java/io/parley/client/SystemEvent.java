package io.parley.client;

import java.util.List;

/**
 * What a group's system message records.
 *
 * @param type {@code created}, {@code added}, {@code removed}, {@code joined}, {@code left}, {@code
 *     renamed}, {@code promoted} or {@code demoted}
 * @param actorId who did it
 * @param userIds whom it concerns
 * @param name the group's name, for {@code created} and {@code renamed}; else null
 */
public record SystemEvent(String type, String actorId, List<String> userIds, String name) {
  public SystemEvent {
    userIds = List.copyOf(userIds);
  }
}
