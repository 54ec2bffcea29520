package io.parley.store.cassandra;

import io.parley.core.group.Group;
import io.parley.core.message.ConversationId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Loads what a conversation's messages are shown with ({@link MessageView}). */
final class Views {

  private final MarkerBook markers;
  private final GroupTables groups;

  Views(MarkerBook markers, GroupTables groups) {
    this.markers = markers;
    this.groups = groups;
  }

  CompletionStage<MessageView> of(ConversationId conversation) {
    CompletionStage<Group> group =
        conversation instanceof ConversationId.Group inGroup
            ? groups.current(inGroup.id()).thenApply(found -> found.orElse(null))
            : CompletableFuture.completedFuture(null);
    return markers.all(conversation).thenCombine(group, MessageView::new);
  }
}
