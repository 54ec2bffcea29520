package io.parley.store.rocksdb;

import io.parley.core.id.UserId;
import io.parley.core.message.GroupReceipts;
import io.parley.core.message.Message;
import java.util.Arrays;
import java.util.Map;

/**
 * Counts a group message's receipts from the standings of the group's current members, loaded once
 * per page: three sorted arrays and binary searches, O(log n) per message.
 *
 * <p>The recipients of the message at {@code seq} are the current members other than its sender
 * with {@code fromSeq <= seq}. A member who joined later ({@code fromSeq > seq}) has markers of at
 * least {@code fromSeq - 1 >= seq} (see {@link Standing}), so "recipients whose delivered marker
 * reached seq" is "members whose delivered marker reached seq" minus "members who joined later".
 */
final class ReceiptCounter {

  private final Map<UserId, Standing> members;
  private final long[] fromSeqs;
  private final long[] delivered;
  private final long[] read;

  ReceiptCounter(Map<UserId, Standing> members) {
    this.members = members;
    int n = members.size();
    fromSeqs = new long[n];
    delivered = new long[n];
    read = new long[n];
    int i = 0;
    for (Standing standing : members.values()) {
      fromSeqs[i] = standing.fromSeq();
      delivered[i] = standing.markers().deliveredSeq();
      read[i] = standing.markers().readSeq();
      i++;
    }
    Arrays.sort(fromSeqs);
    Arrays.sort(delivered);
    Arrays.sort(read);
  }

  GroupReceipts count(long seq, UserId sender) {
    int n = fromSeqs.length;
    int joinedLater = n - atMost(fromSeqs, seq);
    int recipients = n - joinedLater;
    int deliveredTo = atLeast(delivered, seq) - joinedLater;
    int readBy = atLeast(read, seq) - joinedLater;
    Standing own = members.get(sender);
    if (own != null && own.fromSeq() <= seq) {
      recipients--;
      if (own.markers().deliveredSeq() >= seq) deliveredTo--;
      if (own.markers().readSeq() >= seq) readBy--;
    }
    return new GroupReceipts(recipients, deliveredTo, readBy);
  }

  Message apply(Message message) {
    return message.withReceipts(count(message.seq(), message.sender()));
  }

  /** How many of the sorted {@code values} are {@code <= bound}. */
  private static int atMost(long[] values, long bound) {
    int low = 0;
    int high = values.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (values[mid] <= bound) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  private static int atLeast(long[] values, long bound) {
    return values.length - atMost(values, bound - 1);
  }
}
