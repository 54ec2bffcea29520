package io.parley.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.core.id.UserId;
import io.parley.core.message.GroupReceipts;
import io.parley.core.message.Markers;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReceiptCounterTest {

  @Test
  void binarySearchedCountsEqualCountingEveryMember() {
    var random = new Random(42);
    for (int round = 0; round < 200; round++) {
      int lastSeq = 1 + random.nextInt(60);
      Map<UserId, Standing> members = new LinkedHashMap<>();
      int size = 1 + random.nextInt(40);
      for (long user = 1; user <= size; user++) {
        long fromSeq = 1 + random.nextInt(lastSeq);
        long delivered = fromSeq - 1 + random.nextInt((int) (lastSeq - fromSeq + 2));
        long read = fromSeq - 1 + random.nextInt((int) (delivered - fromSeq + 2));
        members.put(UserId.of(user), new Standing(new Markers(delivered, read), fromSeq, 0, 0));
      }
      var counter = new ReceiptCounter(members);
      for (long seq = 1; seq <= lastSeq; seq++) {
        UserId sender = UserId.of(1 + random.nextInt(size + 3)); // sometimes a former member
        assertThat(counter.count(seq, sender))
            .as("round %s seq %s sender %s", round, seq, sender)
            .isEqualTo(naive(members, seq, sender));
      }
    }
  }

  @Test
  void aGroupWithoutOtherMembersHasNoRecipients() {
    var alone = Map.of(UserId.of(1), Standing.joining(1).read(3));

    assertThat(new ReceiptCounter(alone).count(3, UserId.of(1)))
        .isEqualTo(new GroupReceipts(0, 0, 0));
    assertThat(new ReceiptCounter(Map.of()).count(3, UserId.of(1)))
        .isEqualTo(new GroupReceipts(0, 0, 0));
  }

  private static GroupReceipts naive(Map<UserId, Standing> members, long seq, UserId sender) {
    int recipients = 0;
    int delivered = 0;
    int read = 0;
    for (var entry : members.entrySet()) {
      Standing standing = entry.getValue();
      if (entry.getKey().equals(sender) || standing.fromSeq() > seq) continue;
      recipients++;
      if (standing.markers().deliveredSeq() >= seq) delivered++;
      if (standing.markers().readSeq() >= seq) read++;
    }
    return new GroupReceipts(recipients, delivered, read);
  }
}
