package io.parley.store.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.core.id.UserId;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class InboxCursorTest {

  private static final UserId A = UserId.of(11);
  private static final UserId B = UserId.of(2);

  @Test
  void noCursorIsTheStart() {
    assertThat(InboxCursor.positionIn(null, A)).isEqualTo(OptionalLong.of(0));
    assertThat(InboxCursor.positionIn(InboxCursor.START, A)).isEqualTo(OptionalLong.of(0));
  }

  @Test
  void aPageCursorIsAPositionInTheReadersInbox() {
    assertThat(InboxCursor.positionIn(InboxCursor.at(42), A)).isEqualTo(OptionalLong.of(42));
    assertThat(InboxCursor.positionIn(InboxCursor.at(42), B)).isEqualTo(OptionalLong.of(42));
  }

  @Test
  void anAppendCursorNamesEachParticipantsPosition() {
    String cursor = InboxCursor.of(Map.of(A, 7L, B, 3L));

    assertThat(cursor).isEqualTo("c1:2@3,11@7");
    assertThat(InboxCursor.positionIn(cursor, A)).isEqualTo(OptionalLong.of(7));
    assertThat(InboxCursor.positionIn(cursor, B)).isEqualTo(OptionalLong.of(3));
    assertThat(InboxCursor.positionIn(cursor, UserId.of(5))).isEmpty();
  }

  @Test
  void anythingElseIsInvalid() {
    for (String bad :
        new String[] {"", "c1:", "c1:-1", "c2:5", "5", "c1:1@", "c1:@1", "c1:1@2,", "c1:x@1"}) {
      assertThat(InboxCursor.positionIn(bad, A)).as(bad).isEmpty();
    }
  }
}
