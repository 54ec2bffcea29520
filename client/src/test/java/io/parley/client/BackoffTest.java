package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void delaysDoubleUpToTheMaximum() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), 0.5);
    assertThat(backoff.nextDelayMs(0)).isEqualTo(100);
    assertThat(backoff.nextDelayMs(0)).isEqualTo(200);
    assertThat(backoff.nextDelayMs(0)).isEqualTo(400);
    assertThat(backoff.nextDelayMs(0)).isEqualTo(800);
    assertThat(backoff.nextDelayMs(0)).isEqualTo(1000);
    for (int i = 0; i < 100; i++) {
      assertThat(backoff.nextDelayMs(0)).isEqualTo(1000);
    }
    assertThat(backoff.attempts()).isEqualTo(105);
  }

  @Test
  void jitterShortensADelayByAtMostItsFraction() {
    Backoff backoff = new Backoff(Duration.ofMillis(1000), Duration.ofMillis(1000), 0.25);
    assertThat(backoff.nextDelayMs(0.999999)).isBetween(750L, 751L);
    assertThat(backoff.nextDelayMs(0.5)).isEqualTo(875);
  }

  @Test
  void resetStartsOver() {
    Backoff backoff = new Backoff(Duration.ofMillis(10), Duration.ofSeconds(10), 0);
    backoff.nextDelayMs(0);
    backoff.nextDelayMs(0);
    backoff.reset();
    assertThat(backoff.attempts()).isZero();
    assertThat(backoff.nextDelayMs(0)).isEqualTo(10);
  }
}
