package io.parley.core.group;

/** Limits of groups. */
public record GroupConfig(int maxMembers) {

  public static final int DEFAULT_MAX_MEMBERS = 1000;
  public static final int MAX_NAME_LENGTH = 100;

  public static final GroupConfig DEFAULTS = new GroupConfig(DEFAULT_MAX_MEMBERS);

  public GroupConfig {
    if (maxMembers < 2) throw new IllegalArgumentException("groups.max-members must be >= 2");
  }
}
