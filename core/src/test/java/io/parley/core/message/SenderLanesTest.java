package io.parley.core.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.core.id.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class SenderLanesTest {

  private final SenderLanes<UserId> lanes = new SenderLanes<>();
  private final List<String> handedOver = new ArrayList<>();

  @Test
  void aSendersSecondWriteWaitsForTheFirstEvenWhenItsChecksFinishFirst() {
    var firstCheck = new CompletableFuture<Void>();
    var secondCheck = CompletableFuture.<Void>completedFuture(null);
    CompletionStage<String> first = lanes.submit(UserId.of(1), () -> step("first", firstCheck));
    CompletionStage<String> second = lanes.submit(UserId.of(1), () -> step("second", secondCheck));

    assertThat(handedOver).isEmpty();
    firstCheck.complete(null);

    assertThat(handedOver).containsExactly("first", "second");
    assertThat(first.toCompletableFuture().join()).isEqualTo("first");
    assertThat(second.toCompletableFuture().join()).isEqualTo("second");
    assertThat(lanes.busySenders()).isZero();
  }

  @Test
  void aFailedSendDoesNotBlockTheSendersNextOne() {
    var failing = new CompletableFuture<Void>();
    CompletionStage<String> first = lanes.submit(UserId.of(2), () -> step("first", failing));
    CompletionStage<String> second =
        lanes.submit(UserId.of(2), () -> step("second", CompletableFuture.completedFuture(null)));
    failing.completeExceptionally(new IllegalStateException("store down"));

    assertThat(first.toCompletableFuture()).isCompletedExceptionally();
    assertThat(second.toCompletableFuture().join()).isEqualTo("second");
  }

  @Test
  void differentSendersNeverWaitForEachOther() {
    var slow = new CompletableFuture<Void>();
    lanes.submit(UserId.of(3), () -> step("slow", slow));
    CompletionStage<String> other =
        lanes.submit(UserId.of(4), () -> step("other", CompletableFuture.completedFuture(null)));

    assertThat(other.toCompletableFuture().join()).isEqualTo("other");
    assertThat(handedOver).containsExactly("other");
  }

  /** A send whose checks finish with {@code check}, then hands its write over. */
  private CompletionStage<CompletionStage<String>> step(
      String name, CompletableFuture<Void> check) {
    return check.thenApply(
        ignored -> {
          handedOver.add(name);
          return CompletableFuture.completedFuture(name);
        });
  }
}
