package io.parley.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContentTest {
  @Test
  void contentCarriesEverythingTheReceiverChecks() {
    Content c = new Content("abc123", 42, 7, 3, 123_456_789_000L, -1);
    String text = c.encode(200);

    assertThat(text).hasSize(200);
    assertThat(Content.parse(text, "abc123")).isEqualTo(c);
  }

  @Test
  void otherRunsAndOtherTextAreNotOurs() {
    String text = new Content("abc123", 1, 2, 3, 4, 5).encode(10);

    assertThat(Content.parse(text, "zzz999")).isNull();
    assertThat(Content.parse("hello", "abc123")).isNull();
    assertThat(Content.parse("pb abc123 1 2", "abc123")).isNull();
  }
}
