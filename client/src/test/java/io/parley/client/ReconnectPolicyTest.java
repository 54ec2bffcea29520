package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import java.net.ConnectException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectPolicyTest {
  private static ReconnectPolicy policy(ConnectOptions options) {
    return new ReconnectPolicy(options, () -> 0.0);
  }

  @Test
  void lostNetworksGoingAwayAndSlowConsumersReconnect() {
    ReconnectPolicy policy = policy(new ConnectOptions());
    for (int code : new int[] {1001, 1005, 1006, 1011, 1012, 1013, 4000, 4001}) {
      assertThat(policy.reconnectsAfterClose(code)).as("close code %d", code).isTrue();
    }
  }

  @Test
  void deliberateClosesExpiredTokensAndViolationsDoNot() {
    ReconnectPolicy policy = policy(new ConnectOptions());
    for (int code : new int[] {1000, 1002, 1003, 1007, 1008, 1009, 4002, 4999}) {
      assertThat(policy.reconnectsAfterClose(code)).as("close code %d", code).isFalse();
    }
  }

  @Test
  void withoutAutoReconnectNothingReconnects() {
    ReconnectPolicy policy = policy(new ConnectOptions().autoReconnect(false));
    assertThat(policy.reconnectsAfterClose(1006)).isFalse();
    assertThat(policy.retriesAfter(ParleyException.transport(new ConnectException("x")))).isFalse();
  }

  @Test
  void attemptsThatFailedForPassingReasonsAreRetried() {
    ReconnectPolicy policy = policy(new ConnectOptions());
    assertThat(policy.retriesAfter(ParleyException.transport(new ConnectException("x")))).isTrue();
    assertThat(policy.retriesAfter(ParleyException.fromCode("UNAVAILABLE", "x", null))).isTrue();
    assertThat(policy.retriesAfter(ParleyException.fromCode("RATE_LIMITED", "x", null))).isTrue();
    assertThat(policy.retriesAfter(ParleyException.fromCode("UNAUTHORIZED", "x", null))).isFalse();
    assertThat(policy.retriesAfter(ParleyException.fromCode("TOKEN_EXPIRED", "x", null))).isFalse();
  }

  @Test
  void aRefusedUpgradeReadsTheServersErrorEnvelope() {
    ParleyException e =
        ReconnectPolicy.connectError(
            new UpgradeRejectedException(
                "refused",
                429,
                MultiMap.caseInsensitiveMultiMap().add("Retry-After", "3"),
                Buffer.buffer("{\"error\":{\"code\":\"RATE_LIMITED\",\"message\":\"slow\"}}")));
    assertThat(e.code()).isEqualTo("RATE_LIMITED");
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
  }

  @Test
  void delaysBackOffHonourRetryAfterAndRunOut() {
    ReconnectPolicy policy =
        policy(
            new ConnectOptions()
                .initialBackoff(Duration.ofMillis(100))
                .maxBackoff(Duration.ofSeconds(1))
                .maxReconnectAttempts(3));
    assertThat(policy.nextDelayMs(null)).isEqualTo(100);
    assertThat(policy.nextDelayMs(Duration.ofSeconds(2))).isEqualTo(2000);
    assertThat(policy.nextDelayMs(null)).isEqualTo(400);
    assertThat(policy.nextDelayMs(null)).isEqualTo(-1);
    policy.connected();
    assertThat(policy.nextDelayMs(null)).isEqualTo(100);
  }
}
