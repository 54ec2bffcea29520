package io.parley.store.cassandra;

import io.parley.core.group.Group;
import io.parley.core.group.Member;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.Markers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What an announcement changes besides the inboxes, done as part of its fan-out (so the next writer
 * finishes it if its writer died, see {@link FanOut}): the group's current row, the members' group
 * lists, and markers — a new member has read everything before their joining, the actor everything
 * up to the announcement. Every write is idempotent and ordered by the group version or the seq, so
 * doing it twice, or late, changes nothing.
 */
final class GroupEffects implements FanOut.Effects {

  private final GroupTables groups;
  private final MarkerBook markers;

  GroupEffects(GroupTables groups, MarkerBook markers) {
    this.groups = groups;
    this.markers = markers;
  }

  @Override
  public CompletionStage<Void> before(LogRow row) {
    if (!row.isAnnouncement()) return CompletableFuture.completedFuture(null);
    Group group = row.inGroup().changedTo();
    ConversationId conversation = row.conversation();
    long seq = row.seq();
    long version = group.version();
    MessageTables tables = groups.tables;
    List<CompletableFuture<?>> writes = new ArrayList<>();
    writes.add(
        tables
            .run(groups.insertGroup.bind(group.id().value(), groups.codec().state(group), version))
            .toCompletableFuture());
    for (UserId user : row.audience()) {
      Member member = group.members().get(user);
      if (member == null) {
        writes.add(
            tables
                .run(groups.leaveGroup.bind(version, user.value(), group.id().value()))
                .toCompletableFuture());
      } else if (member.fromSeq() == seq) {
        writes.add(
            tables
                .run(groups.joinGroup.bind(user.value(), group.id().value(), version))
                .toCompletableFuture());
        writes.add(
            markers
                .atLeast(user, conversation, new Markers(seq - 1, seq - 1))
                .toCompletableFuture());
      }
    }
    UserId actor = row.sender();
    if (row.audience().contains(actor)) {
      writes.add(markers.sent(actor, conversation, seq).toCompletableFuture());
    }
    return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
  }
}
