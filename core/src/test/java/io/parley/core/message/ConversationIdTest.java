package io.parley.core.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.core.id.GroupId;
import io.parley.core.id.UserId;
import org.junit.jupiter.api.Test;

class ConversationIdTest {

  @Test
  void directConversationsAreTheSameWhicheverSideNamesThem() {
    var ab = ConversationId.direct(UserId.of(5), UserId.of(9));
    var ba = ConversationId.direct(UserId.of(9), UserId.of(5));
    assertThat(ab).isEqualTo(ba);
    assertThat(ab.key()).isEqualTo("d-5-9");
    assertThat(ab.peerOf(UserId.of(5))).isEqualTo(UserId.of(9));
  }

  @Test
  void keysRoundTrip() {
    var direct = ConversationId.direct(UserId.of(12), UserId.of(3));
    var group = ConversationId.group(GroupId.of(77));
    assertThat(ConversationId.parse(direct.key())).contains(direct);
    assertThat(ConversationId.parse(group.key())).contains(group);
  }

  @Test
  void malformedKeysDoNotParse() {
    for (String bad : new String[] {"", "d-", "d-1", "d-2-1", "d-1-1", "x-1", "g-", "g-0", "d-a-b"}) {
      assertThat(ConversationId.parse(bad)).as(bad).isEmpty();
    }
  }
}
