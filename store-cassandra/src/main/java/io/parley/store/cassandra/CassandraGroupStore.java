package io.parley.store.cassandra;

import com.datastax.oss.driver.api.core.cql.Row;
import io.parley.core.group.Group;
import io.parley.core.group.GroupStore;
import io.parley.core.group.Invite;
import io.parley.core.group.Member;
import io.parley.core.id.GroupId;
import io.parley.core.id.IdGenerator;
import io.parley.core.id.MessageId;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.Markers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * Groups in Cassandra (cluster mode), on the same conversation logs as their messages.
 *
 * <p><b>The log decides membership.</b> A change is an announcement claimed at the next seq of the
 * group's log like any message ({@link MessageLog#appendAfter}): it is applied only if the row
 * before it shows the version the change was made from, and it carries the group as the change
 * leaves it. Every message row names the version it was written against, taken from the row before
 * it, and goes to that version's members. The compare-and-set, and the order of changes among
 * messages, are therefore the log's single Paxos order: a message claimed after a removal never
 * reaches the removed member, one claimed after a join reaches the new member, whichever node wrote
 * what. The {@code groups} row, the members' group lists and the markers of joiners follow in the
 * announcement's fan-out ({@link GroupEffects}), finished by the next writer if this one dies; a
 * conflicting change finishes them before it answers, so a caller that reads the group again sees
 * the version that beat it.
 */
final class CassandraGroupStore implements GroupStore {

  private final GroupTables tables;
  private final MessageLog log;
  private final FanOut fanOut;
  private final MarkerBook markers;
  private final GroupVersions versions;
  private final LongSupplier ids;
  private final InFlight inFlight;

  CassandraGroupStore(
      GroupTables tables,
      MessageLog log,
      FanOut fanOut,
      MarkerBook markers,
      GroupVersions versions,
      LongSupplier ids,
      InFlight inFlight) {
    this.tables = tables;
    this.log = log;
    this.fanOut = fanOut;
    this.markers = markers;
    this.versions = versions;
    this.ids = ids;
    this.inFlight = inFlight;
  }

  @Override
  public CompletionStage<Changed> create(NewGroup spec, Announcement announcement) {
    GroupId id = GroupId.of(ids.getAsLong());
    Map<UserId, Member> members = new LinkedHashMap<>();
    members.put(spec.createdBy(), member(spec.createdBy(), spec));
    spec.members().keySet().stream()
        .filter(user -> !user.equals(spec.createdBy()))
        .sorted(Comparator.naturalOrder())
        .forEach(user -> members.put(user, member(user, spec)));
    var group = new Group(id, spec.name(), spec.createdBy(), spec.createdAt(), 1, members);
    return change(group, announcement)
        .thenApply(
            result -> {
              if (result instanceof UpdateResult.Updated updated) return updated.change();
              throw new IllegalStateException("the log of new group " + id + " is not empty");
            });
  }

  @Override
  public CompletionStage<Optional<Group>> group(GroupId id) {
    return tables.current(id);
  }

  @Override
  public CompletionStage<UpdateResult> update(Group next, Announcement announcement) {
    return change(next, announcement);
  }

  /**
   * Appends {@code next}'s announcement if the log is at {@code next.version() - 1} (0: the log is
   * empty, a new group), fans it out and answers the change.
   */
  private CompletionStage<UpdateResult> change(Group next, Announcement announcement) {
    ConversationId conversation = next.conversation();
    long fromVersion = next.version() - 1;
    long messageId = ids.getAsLong();
    MessageLog.Successor successor =
        (seq, previous) -> {
          if (previous.isEmpty()) {
            return fromVersion == 0
                ? CompletableFuture.completedFuture(
                    announcementRow(null, next, seq, messageId, announcement))
                : CompletableFuture.failedFuture(
                    new MessageLog.Refusal(MessageLog.Refusal.Reason.NO_GROUP, 0));
          }
          LogRow before = previous.get();
          if (before.inGroup().version() != fromVersion) {
            return CompletableFuture.failedFuture(
                new MessageLog.Refusal(MessageLog.Refusal.Reason.STALE_VERSION, before.seq()));
          }
          return versions
              .after(before)
              .thenApply(group -> announcementRow(group, next, seq, messageId, announcement));
        };
    return inFlight.track(
        log.appendAfter(conversation, successor, Sends.Lease.UNBOUNDED)
            .thenCompose(this::publish)
            .<UpdateResult>thenApply(UpdateResult.Updated::new)
            .exceptionallyCompose(
                failure ->
                    MessageLog.Refusal.in(failure)
                        .map(refusal -> refused(conversation, refusal))
                        .orElseGet(() -> CompletableFuture.failedFuture(failure))));
  }

  private CompletionStage<UpdateResult> refused(
      ConversationId conversation, MessageLog.Refusal refusal) {
    if (refusal.reason == MessageLog.Refusal.Reason.NO_GROUP) {
      return CompletableFuture.completedFuture(new UpdateResult.NotFound());
    }
    // Whoever changed the group first may not have finished: finish it, so that the caller's
    // next read of the group shows the version that won.
    return fanOut
        .finish(conversation, refusal.previousSeq)
        .thenApply(done -> new UpdateResult.Conflict());
  }

  /** The announcement of {@code next} at {@code seq}, after the group {@code before} (or none). */
  private static LogRow announcementRow(
      Group before, Group next, long seq, long messageId, Announcement announcement) {
    Group changed =
        new Group(
                next.id(),
                next.name(),
                before == null ? next.createdBy() : before.createdBy(),
                before == null ? next.createdAt() : before.createdAt(),
                next.version(),
                next.members())
            .startingNewMembersAt(before, seq);
    return new LogRow(
        next.conversation(),
        seq,
        MessageId.of(messageId),
        announcement.event().actor(),
        null,
        announcement.content(),
        IdGenerator.timestampOf(messageId),
        null,
        changed.audienceSince(before),
        false,
        new LogRow.InGroup(next.id(), next.version(), seq, announcement.event(), changed));
  }

  /** Fans the stored announcement out (which publishes it) and answers the change. */
  private CompletionStage<Changed> publish(LogRow row) {
    return fanOut
        .fanOut(row)
        .thenApply(
            positions ->
                new Changed(
                    row.inGroup().changedTo(),
                    row.fresh(),
                    InboxCursor.of(positions),
                    row.audience()));
  }

  @Override
  public CompletionStage<List<Group>> groupsOf(UserId user) {
    return tables
        .tables
        .run(tables.userGroups.bind(user.value()))
        .thenCompose(
            rows -> {
              List<CompletableFuture<Optional<Group>>> loads = new ArrayList<>();
              for (Row row : rows.currentPage()) {
                loads.add(
                    tables.current(GroupId.of(row.getLong("group_id"))).toCompletableFuture());
              }
              return CompletableFuture.allOf(loads.toArray(CompletableFuture[]::new))
                  .thenApply(
                      done ->
                          loads.stream()
                              .map(load -> load.getNow(Optional.empty()))
                              .flatMap(Optional::stream)
                              .filter(group -> group.isMember(user))
                              .toList());
            });
  }

  @Override
  public CompletionStage<Map<UserId, Markers>> markers(GroupId id) {
    return tables
        .current(id)
        .thenCombine(
            markers.all(ConversationId.group(id)),
            (group, known) -> {
              Map<UserId, Markers> result = new LinkedHashMap<>();
              group.ifPresent(
                  g ->
                      g.members()
                          .keySet()
                          .forEach(
                              user -> result.put(user, known.getOrDefault(user, Markers.NONE))));
              return result;
            });
  }

  @Override
  public CompletionStage<Void> saveInvite(Invite invite) {
    var run = tables.tables;
    return run.run(
            tables.insertInvite.bind(
                invite.code(),
                invite.group().value(),
                invite.createdBy().value(),
                invite.createdAt()))
        .thenCombine(
            run.run(
                tables.insertGroupInvite.bind(
                    invite.group().value(),
                    invite.createdAt(),
                    invite.code(),
                    invite.createdBy().value())),
            (a, b) -> (Void) null);
  }

  @Override
  public CompletionStage<Optional<Invite>> invite(String code) {
    return tables
        .tables
        .run(tables.invite.bind(code))
        .thenApply(
            rows ->
                Optional.ofNullable(rows.one())
                    .map(
                        row ->
                            new Invite(
                                row.getString("code"),
                                GroupId.of(row.getLong("group_id")),
                                UserId.of(row.getLong("created_by")),
                                row.getLong("created_at"))));
  }

  @Override
  public CompletionStage<List<Invite>> invites(GroupId group) {
    return tables
        .tables
        .run(tables.groupInvites.bind(group.value()))
        .thenApply(
            rows -> {
              List<Invite> found = new ArrayList<>();
              for (Row row : rows.currentPage()) {
                found.add(
                    new Invite(
                        row.getString("code"),
                        group,
                        UserId.of(row.getLong("created_by")),
                        row.getLong("created_at")));
              }
              return found;
            });
  }

  /** {@inheritDoc} Of concurrent revocations of one code, exactly one answers true. */
  @Override
  public CompletionStage<Boolean> revokeInvite(String code) {
    return invite(code)
        .thenCompose(
            found -> {
              if (found.isEmpty()) return CompletableFuture.completedFuture(false);
              Invite invite = found.get();
              var run = tables.tables;
              return run.run(tables.deleteInvite.bind(code))
                  .thenCompose(
                      deleted ->
                          run.run(
                                  tables.deleteGroupInvite.bind(
                                      invite.group().value(), invite.createdAt(), code))
                              .thenApply(done -> deleted.wasApplied()));
            });
  }

  private static Member member(UserId user, NewGroup spec) {
    return new Member(user, spec.members().get(user), spec.createdAt(), 1);
  }
}
