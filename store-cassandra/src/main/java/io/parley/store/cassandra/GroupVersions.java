package io.parley.store.cassandra;

import io.parley.core.group.Group;
import io.parley.core.id.GroupId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The group as of a position of its conversation log: the one the last announcement at or before
 * that position made. A group row names its version and the seq of the announcement that made it,
 * and that announcement carries the whole group, so any version can be read back; a version never
 * changes once written, so this node keeps the recent ones.
 */
final class GroupVersions {

  private static final int MAX_CACHED = 1_000;

  private record Version(GroupId group, long version) {}

  private final MessageLog log;
  private final GroupTables groups;

  private final Map<Version, Group> cache =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Version, Group> eldest) {
          return size() > MAX_CACHED;
        }
      };

  GroupVersions(MessageLog log, GroupTables groups) {
    this.log = log;
    this.groups = groups;
  }

  /** The group as {@code row} (a row of its log) leaves it. */
  CompletionStage<Group> after(LogRow row) {
    LogRow.InGroup place = row.inGroup();
    if (place.isAnnouncement()) {
      remember(place.changedTo());
      return CompletableFuture.completedFuture(place.changedTo());
    }
    Group known;
    synchronized (cache) {
      known = cache.get(new Version(place.group(), place.version()));
    }
    if (known != null) return CompletableFuture.completedFuture(known);
    return log.row(row.conversation(), place.versionSeq())
        .thenCompose(
            announcement -> {
              if (announcement.isPresent() && announcement.get().isAnnouncement()) {
                Group group = announcement.get().inGroup().changedTo();
                remember(group);
                return CompletableFuture.completedFuture(group);
              }
              // The announcement outlived its TTL: only the current version is still on record.
              return groups
                  .current(place.group())
                  .thenApply(
                      current ->
                          current
                              .filter(group -> group.version() == place.version())
                              .orElseThrow(
                                  () ->
                                      new IllegalStateException(
                                          "version "
                                              + place.version()
                                              + " of group "
                                              + place.group()
                                              + " is no longer on record")));
            });
  }

  /** Where a row written right after {@code previous} stands: at the version it leaves. */
  static LogRow.InGroup placeAfter(LogRow previous, Group group) {
    long versionSeq = previous.isAnnouncement() ? previous.seq() : previous.inGroup().versionSeq();
    return new LogRow.InGroup(group.id(), group.version(), versionSeq, null, null);
  }

  private void remember(Group group) {
    synchronized (cache) {
      cache.put(new Version(group.id(), group.version()), group);
    }
  }
}
