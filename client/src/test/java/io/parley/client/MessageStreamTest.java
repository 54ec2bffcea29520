package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageStreamTest {
  private final List<String> delivered = new ArrayList<>();
  private final MessageStream stream =
      new MessageStream(100, null, (m, nanos) -> delivered.add(m.messageId()));

  private static Message message(String id) {
    return new Message(id, "d-1-2", 1, "2", "1", null, "x", 1, "sent", null);
  }

  private static Page page(String next, boolean more, String... ids) {
    return new Page(List.of(ids).stream().map(MessageStreamTest::message).toList(), next, more);
  }

  @Test
  void liveMessagesAreDeliveredAndTheLastCursorIsKept() {
    stream.live(message("1"), "c1", 0);
    stream.live(message("2"), "c2", 0);
    assertThat(delivered).containsExactly("1", "2");
    assertThat(stream.cursor()).isEqualTo("c2");
  }

  @Test
  void cursorsAreOpaqueAndTheLastReceivedWins() {
    stream.live(message("1"), "9", 0);
    stream.live(message("2"), "10", 0); // "10" < "9" as strings: order of arrival decides
    assertThat(stream.cursor()).isEqualTo("10");
  }

  @Test
  void aRepeatedMessageIsDroppedAndDoesNotMoveTheCursor() {
    stream.live(message("1"), "c1", 0);
    stream.live(message("2"), "c2", 0);
    stream.live(message("1"), "c1", 0);
    assertThat(delivered).containsExactly("1", "2");
    assertThat(stream.cursor()).isEqualTo("c2");
  }

  @Test
  void liveMessagesWaitWhileAResumeRunsThenFollowItWithoutRepeats() {
    stream.live(message("1"), "c1", 0);
    stream.beginResume();
    stream.live(message("4"), "c4", 0); // arrives live before the resume pages
    stream.live(message("5"), "c5", 0);
    assertThat(delivered).containsExactly("1");

    stream.resumePage(page("c3", true, "1", "2", "3"), 0);
    assertThat(stream.cursor()).isEqualTo("c3");
    stream.resumePage(page("c4", false, "4"), 0);
    assertThat(stream.endResume()).isEqualTo(3);

    assertThat(delivered).containsExactly("1", "2", "3", "4", "5");
    assertThat(stream.cursor()).isEqualTo("c5");
  }

  @Test
  void anInitialCursorIsWhereTheStreamStarts() {
    MessageStream resumed = new MessageStream(10, "c7", (m, n) -> {});
    assertThat(resumed.cursor()).isEqualTo("c7");
  }

  @Test
  void anApplicationPageMovesTheCursorOnlyWhenItContinuesFromIt() {
    stream.live(message("1"), "c1", 0);
    stream.applicationPage(null, null, page("old", false, "0")); // history from the start
    assertThat(stream.cursor()).isEqualTo("c1");
    stream.applicationPage("c1", 5L, page("c9", false, "9")); // filtered by time
    assertThat(stream.cursor()).isEqualTo("c1");
    stream.applicationPage("c1", null, page("c2", false, "2"));
    assertThat(stream.cursor()).isEqualTo("c2");
    stream.live(message("2"), "c2", 0); // the application read it already
    assertThat(delivered).containsExactly("1");
  }

  @Test
  void theDedupeWindowIsBounded() {
    RecentIds ids = new RecentIds(3);
    assertThat(ids.add("a")).isTrue();
    assertThat(ids.add("a")).isFalse();
    ids.add("b");
    ids.add("c");
    ids.add("d");
    assertThat(ids.size()).isEqualTo(3);
    assertThat(ids.contains("a")).isFalse();
    assertThat(ids.contains("d")).isTrue();
    assertThat(ids.add("a")).isTrue();
  }
}
