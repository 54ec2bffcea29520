package io.parley.core.message;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkersTest {

  @Test
  void readingAlsoDelivers() {
    var markers = Markers.NONE.advance(Receipt.READ, 4);
    assertThat(markers).isEqualTo(new Markers(4, 4));
  }

  @Test
  void markersNeverMoveBackward() {
    var markers = new Markers(10, 6).advance(Receipt.DELIVERED, 3).advance(Receipt.READ, 2);
    assertThat(markers).isEqualTo(new Markers(10, 6));
  }

  @Test
  void statusFollowsTheRecipientsMarkers() {
    var markers = new Markers(8, 5);
    assertThat(DeliveryStatus.of(5, markers)).isEqualTo(DeliveryStatus.READ);
    assertThat(DeliveryStatus.of(6, markers)).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(DeliveryStatus.of(9, markers)).isEqualTo(DeliveryStatus.SENT);
  }

  @Test
  void unreadCountsMessagesAfterTheReadMarker() {
    var summary = new ConversationSummary(ConversationId.parse("d-1-2").orElseThrow(), null, 12, new Markers(12, 9));
    assertThat(summary.unreadCount()).isEqualTo(3);
  }
}
