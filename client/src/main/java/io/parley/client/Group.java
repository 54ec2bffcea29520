package io.parley.client;

import java.util.List;

/** A group as returned by {@code POST /groups/create}. */
public record Group(String groupId, String name, List<String> memberIds, String createdBy) {
  public Group {
    memberIds = List.copyOf(memberIds);
  }
}
