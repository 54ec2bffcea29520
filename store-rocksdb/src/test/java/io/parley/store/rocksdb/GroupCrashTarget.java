package io.parley.store.rocksdb;

import io.parley.core.group.Group;
import io.parley.core.group.GroupStore.Announcement;
import io.parley.core.group.GroupStore.NewGroup;
import io.parley.core.group.GroupStore.UpdateResult;
import io.parley.core.group.Member;
import io.parley.core.group.Role;
import io.parley.core.id.GroupId;
import io.parley.core.id.UserId;
import io.parley.core.message.MessageStore.NewMessage;
import io.parley.core.message.SystemEvent;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.stream.LongStream;

/**
 * Run in a child JVM by {@link GroupKillNineTest}: creates a group of {@link #MEMBERS} users, then
 * appends group messages forever, up to 100 at a time, while another thread adds and removes {@link
 * #VISITOR} over and over. Prints {@code group <id>} once, then {@code acked <id>} for each
 * acknowledged message, until it is killed.
 */
public final class GroupCrashTarget {

  static final int MEMBERS = 100;
  static final UserId VISITOR = UserId.of(MEMBERS + 1);

  private GroupCrashTarget() {}

  static List<UserId> members() {
    return LongStream.rangeClosed(1, MEMBERS).mapToObj(UserId::of).toList();
  }

  public static void main(String[] args) throws Exception {
    var store = RocksDbStore.open(RocksDbStoreContractTest.smallConfig(Path.of(args[0])));
    Map<UserId, Role> roles = new HashMap<>();
    for (UserId member : members()) roles.put(member, Role.MEMBER);
    UserId admin = UserId.of(1);
    roles.put(admin, Role.ADMIN);
    var created = new SystemEvent(SystemEvent.Type.CREATED, admin, List.of(), "crash");
    GroupId id =
        store
            .create(new NewGroup("crash", admin, 1, roles), new Announcement("created", created))
            .toCompletableFuture()
            .get()
            .group()
            .id();
    System.out.println("group " + id);
    Thread churn = new Thread(() -> churn(store, id, admin), "churn");
    churn.setDaemon(true);
    churn.start();
    var inFlight = new Semaphore(100);
    for (long i = 0; ; i++) {
      inFlight.acquire();
      UserId sender = UserId.of(1 + i % MEMBERS);
      store
          .append(NewMessage.toGroup(id, sender, "message " + i, "crash-" + i))
          .whenComplete(
              (result, failure) -> {
                if (failure == null) System.out.println("acked " + result.message().id());
                inFlight.release();
              });
    }
  }

  /** Adds the visitor, removes them, and again, forever: read, change, compare-and-set. */
  private static void churn(RocksDbStore store, GroupId id, UserId admin) {
    try {
      while (true) {
        Group group = store.group(id).toCompletableFuture().get().orElseThrow();
        Map<UserId, Member> members = new LinkedHashMap<>(group.members());
        boolean adding = !group.isMember(VISITOR);
        if (adding) {
          members.put(VISITOR, new Member(VISITOR, Role.MEMBER, 1, 0));
        } else {
          members.remove(VISITOR);
        }
        var type = adding ? SystemEvent.Type.ADDED : SystemEvent.Type.REMOVED;
        var event = new SystemEvent(type, admin, List.of(VISITOR), null);
        UpdateResult result =
            store
                .update(group.next(group.name(), members), new Announcement("churn", event))
                .toCompletableFuture()
                .get();
        if (!(result instanceof UpdateResult.Updated)) throw new IllegalStateException("" + result);
      }
    } catch (Exception e) {
      e.printStackTrace();
    }
  }
}
