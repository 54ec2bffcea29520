package io.parley.store.rocksdb;

import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.MessageStore.NewMessage;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Semaphore;

/**
 * Run in a child JVM by {@link KillNineTest}: appends messages from Alice to Bob forever, up to 100
 * at a time, and prints {@code acked <id>} for each acknowledged one, until it is killed.
 */
public final class CrashTarget {

  static final UserId ALICE = UserId.of(11);
  static final UserId BOB = UserId.of(12);

  private CrashTarget() {}

  public static void main(String[] args) throws Exception {
    var store = RocksDbStore.open(RocksDbStoreContractTest.smallConfig(Path.of(args[0])));
    var inFlight = new Semaphore(100);
    for (long i = 0; ; i++) {
      inFlight.acquire();
      var message =
          new NewMessage(
              ConversationId.direct(ALICE, BOB),
              ALICE,
              BOB,
              null,
              "message " + i,
              "crash-" + i,
              Set.of(ALICE, BOB));
      store
          .append(message)
          .whenComplete(
              (result, failure) -> {
                if (failure == null) System.out.println("acked " + result.message().id());
                inFlight.release();
              });
    }
  }
}
