package io.parley.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.core.id.GroupId;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedisInvalidationsTest {

  private static RedisServer server;

  @BeforeAll
  static void startRedis() {
    server = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    server.close();
  }

  @Test
  void aGroupChangeReachesEveryOtherNodeButNotItsOrigin() {
    String prefix = TestNode.freshPrefix();
    try (TestNode a = TestNode.join(server.uri(), prefix, "a", RedisConfig.DEFAULT_NODE_TTL);
        TestNode b = TestNode.join(server.uri(), prefix, "b", RedisConfig.DEFAULT_NODE_TTL);
        TestNode c = TestNode.join(server.uri(), prefix, "c", RedisConfig.DEFAULT_NODE_TTL)) {
      Changes onA = new Changes();
      Changes onB = new Changes();
      Changes onC = new Changes();
      a.invalidations.listen(onA);
      b.invalidations.listen(onB);
      c.invalidations.listen(onC);

      a.invalidations.publish(GroupId.of(17), 4).toCompletableFuture().join();
      b.invalidations.publish(GroupId.of(18), 1).toCompletableFuture().join();

      await()
          .until(
              () ->
                  onB.changes().size() == 1
                      && onC.changes().size() == 2
                      && onA.changes().size() == 1);
      assertThat(onB.changes).containsExactly("17@4");
      assertThat(onC.changes).containsExactly("17@4", "18@1");
      assertThat(onA.changes).containsExactly("18@1");
    }
  }

  @Test
  void deploymentsWithOtherKeyPrefixesDoNotHearEachOther() {
    String prefix = TestNode.freshPrefix();
    String otherPrefix = TestNode.freshPrefix();
    try (TestNode a = TestNode.join(server.uri(), prefix, "a", RedisConfig.DEFAULT_NODE_TTL);
        TestNode b = TestNode.join(server.uri(), prefix, "b", RedisConfig.DEFAULT_NODE_TTL);
        TestNode other =
            TestNode.join(server.uri(), otherPrefix, "b", RedisConfig.DEFAULT_NODE_TTL)) {
      Changes onB = new Changes();
      Changes onOther = new Changes();
      b.invalidations.listen(onB);
      other.invalidations.listen(onOther);

      a.invalidations.publish(GroupId.of(1), 1).toCompletableFuture().join();

      // Redis hands a message to all of a channel's subscribers at once: when B has it, the
      // other deployment would have had it too
      await().until(() -> onB.changes().size() == 1);
      other.settle();
      assertThat(onOther.changes()).isEmpty();
    }
  }

  /** Records changes as "group@version". */
  static final class Changes implements RedisInvalidations.Listener {
    final Queue<String> changes = new ConcurrentLinkedQueue<>();
    final Queue<String> missed = new ConcurrentLinkedQueue<>();

    @Override
    public void groupChanged(GroupId group, long version) {
      changes.add(group + "@" + version);
    }

    @Override
    public void mayHaveMissedChanges() {
      missed.add("missed");
    }

    List<String> changes() {
      return List.copyOf(changes);
    }
  }
}
