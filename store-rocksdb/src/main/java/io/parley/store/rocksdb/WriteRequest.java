package io.parley.store.rocksdb;

import io.parley.core.account.UserStore.CreateResult;
import io.parley.core.account.UserStore.NewAccount;
import io.parley.core.group.Group;
import io.parley.core.group.GroupStore.Announcement;
import io.parley.core.group.GroupStore.Changed;
import io.parley.core.group.GroupStore.NewGroup;
import io.parley.core.group.GroupStore.UpdateResult;
import io.parley.core.group.Invite;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.MessageStore.AppendResult;
import io.parley.core.message.MessageStore.MarkerChange;
import io.parley.core.message.MessageStore.NewMessage;
import io.parley.core.message.Receipt;
import java.util.concurrent.CompletableFuture;
import org.rocksdb.WriteBatch;

/** A write waiting for the committer, with the future its answer completes. */
sealed interface WriteRequest<T> {

  CompletableFuture<T> future();

  /** Decides this write against the current state and adds its changes to {@code batch}. */
  T apply(Mutations mutations, WriteBatch batch) throws Exception;

  record CreateUser(NewAccount account, CompletableFuture<CreateResult> future)
      implements WriteRequest<CreateResult> {
    @Override
    public CreateResult apply(Mutations mutations, WriteBatch batch) throws Exception {
      return mutations.create(account, batch);
    }
  }

  record LastSeen(UserId user, long epochMillis, CompletableFuture<Void> future)
      implements WriteRequest<Void> {
    @Override
    public Void apply(Mutations mutations, WriteBatch batch) throws Exception {
      mutations.lastSeen(user, epochMillis, batch);
      return null;
    }
  }

  record Append(NewMessage message, CompletableFuture<AppendResult> future)
      implements WriteRequest<AppendResult> {
    @Override
    public AppendResult apply(Mutations mutations, WriteBatch batch) throws Exception {
      return mutations.append(message, batch);
    }
  }

  record Advance(
      UserId user,
      ConversationId conversation,
      Receipt kind,
      long seq,
      CompletableFuture<MarkerChange> future)
      implements WriteRequest<MarkerChange> {
    @Override
    public MarkerChange apply(Mutations mutations, WriteBatch batch) throws Exception {
      return mutations.advance(user, conversation, kind, seq, batch);
    }
  }

  record CreateGroup(NewGroup group, Announcement announcement, CompletableFuture<Changed> future)
      implements WriteRequest<Changed> {
    @Override
    public Changed apply(Mutations mutations, WriteBatch batch) throws Exception {
      return mutations.groups().create(group, announcement, batch);
    }
  }

  record UpdateGroup(Group next, Announcement announcement, CompletableFuture<UpdateResult> future)
      implements WriteRequest<UpdateResult> {
    @Override
    public UpdateResult apply(Mutations mutations, WriteBatch batch) throws Exception {
      return mutations.groups().update(next, announcement, batch);
    }
  }

  record SaveInvite(Invite invite, CompletableFuture<Void> future) implements WriteRequest<Void> {
    @Override
    public Void apply(Mutations mutations, WriteBatch batch) throws Exception {
      mutations.groups().saveInvite(invite, batch);
      return null;
    }
  }

  record RevokeInvite(String code, CompletableFuture<Boolean> future)
      implements WriteRequest<Boolean> {
    @Override
    public Boolean apply(Mutations mutations, WriteBatch batch) throws Exception {
      return mutations.groups().revokeInvite(code, batch);
    }
  }
}
