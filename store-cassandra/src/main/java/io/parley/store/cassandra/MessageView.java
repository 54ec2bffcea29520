package io.parley.store.cassandra;

import io.parley.core.group.Group;
import io.parley.core.group.Member;
import io.parley.core.id.UserId;
import io.parley.core.message.DeliveryStatus;
import io.parley.core.message.GroupReceipts;
import io.parley.core.message.Markers;
import io.parley.core.message.Message;
import java.util.Map;

/**
 * What one conversation's messages are shown with: its participants' markers and, in a group, the
 * group as it is now (null if it is not found), whose current members count in the receipts.
 */
record MessageView(Map<UserId, Markers> markers, Group group) {

  MessageView {
    markers = Map.copyOf(markers);
  }

  /**
   * The message of {@code row}: a 1:1 message with the status its receiver's markers give it; a
   * group's with the receipts of its recipients, the current members other than its sender who had
   * joined by then.
   */
  Message of(LogRow row) {
    if (row.inGroup() == null) {
      Markers receiver = markers.getOrDefault(row.receiver(), Markers.NONE);
      return row.message(DeliveryStatus.of(row.seq(), receiver));
    }
    return row.message(DeliveryStatus.SENT).withReceipts(receipts(row.seq(), row.sender()));
  }

  private GroupReceipts receipts(long seq, UserId sender) {
    int recipients = 0;
    int delivered = 0;
    int read = 0;
    if (group != null) {
      for (Member member : group.members().values()) {
        if (member.user().equals(sender) || member.fromSeq() > seq) continue;
        recipients++;
        Markers own = markers.getOrDefault(member.user(), Markers.NONE);
        if (own.deliveredSeq() >= seq) delivered++;
        if (own.readSeq() >= seq) read++;
      }
    }
    return new GroupReceipts(recipients, delivered, read);
  }
}
