package io.parley.core.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.core.account.UserStore.CreateResult;
import io.parley.core.account.UserStore.NewAccount;
import io.parley.core.delivery.LocalEventBus;
import io.parley.core.error.ErrorCode;
import io.parley.core.id.UserId;
import io.parley.core.metrics.ParleyMetrics;
import io.parley.core.ratelimit.RateLimiter;
import io.parley.testkit.store.InMemoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Rate limits may answer late and in any order (a limit shared in Redis is a round trip each), yet
 * a sender's sends must reach the store in the order they were made: both limits run in the
 * sender's lane.
 */
class MessageServiceRateLimitTest {

  private static final Optional<Duration> ALLOW = Optional.empty();

  private final InMemoryStore store = new InMemoryStore();
  private final HeldLimiter perUser = new HeldLimiter();
  private final MessageService messages =
      new MessageService(
          store,
          store,
          store,
          new LocalEventBus(),
          perUser,
          ParleyMetrics.NONE,
          MessagingConfig.DEFAULTS);
  private final UserId alice = newUser();
  private final UserId bob = newUser();

  @Test
  void thePerUserLimitIsAskedForOneSendOfASenderAtATime() {
    List<CompletionStage<SendResult>> sent = new ArrayList<>();
    for (int i = 1; i <= 3; i++) sent.add(messages.send(alice, toBob(), "m" + i, null));

    for (int i = 1; i <= 3; i++) {
      assertThat(perUser.asked).as("limit checks asked before answer %d", i).hasSize(i);
      perUser.asked.get(i - 1).complete(ALLOW);
    }

    assertThat(seqs(sent)).containsExactly(1L, 2L, 3L);
    assertThat(contents(sent)).containsExactly("m1", "m2", "m3");
  }

  @Test
  void callerLimitsAnsweredOutOfOrderDoNotReorderASendersSends() {
    perUser.answerAtOnce = true;
    List<CompletableFuture<Optional<Duration>>> perIp = new ArrayList<>();
    List<CompletionStage<SendResult>> sent = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      var answer = new CompletableFuture<Optional<Duration>>();
      perIp.add(answer);
      sent.add(messages.send(alice, toBob(), "m" + i, null, () -> answer));
    }

    perIp.get(2).complete(ALLOW);
    perIp.get(1).complete(ALLOW);
    assertThat(sent).noneMatch(s -> s.toCompletableFuture().isDone());
    perIp.get(0).complete(ALLOW);

    assertThat(seqs(sent)).containsExactly(1L, 2L, 3L);
    assertThat(contents(sent)).containsExactly("m1", "m2", "m3");
  }

  @Test
  void aSendRefusedByTheCallersLimitIsRateLimitedWithoutTakingAPerUserToken() {
    SendResult result =
        join(
            messages.send(
                alice,
                toBob(),
                "hello",
                null,
                () -> CompletableFuture.completedStage(Optional.of(Duration.ofSeconds(3)))));

    assertThat(result).isEqualTo(new SendResult.RateLimited(Duration.ofSeconds(3)));
    assertThat(perUser.asked).isEmpty();
  }

  @Test
  void theCallersLimitComesBeforeTheContentChecksAsItAlwaysHas() {
    SendResult result =
        join(
            messages.send(
                alice,
                toBob(),
                "",
                null,
                () -> CompletableFuture.completedStage(Optional.of(Duration.ofSeconds(1)))));

    assertThat(result).isInstanceOf(SendResult.RateLimited.class);
  }

  @Test
  void invalidSendsTakeNoPerUserToken() {
    SendResult empty = join(messages.send(alice, toBob(), "", null));
    SendResult toSelf = join(messages.send(alice, new Recipient.ToUser(alice), "hi", null));

    assertThat(empty)
        .isInstanceOfSatisfying(
            SendResult.Rejected.class,
            r -> assertThat(r.problem().code()).isEqualTo(ErrorCode.CONTENT_EMPTY));
    assertThat(toSelf)
        .isInstanceOfSatisfying(
            SendResult.Rejected.class,
            r -> assertThat(r.problem().code()).isEqualTo(ErrorCode.INVALID_RECIPIENT));
    assertThat(perUser.asked).isEmpty();
  }

  @Test
  void aSendRefusedByThePerUserLimitStoresNothingAndFreesTheLane() {
    CompletionStage<SendResult> refused = messages.send(alice, toBob(), "refused", null);
    CompletionStage<SendResult> next = messages.send(alice, toBob(), "next", null);
    perUser.asked.get(0).complete(Optional.of(Duration.ofMillis(500)));
    perUser.asked.get(1).complete(ALLOW);

    assertThat(join(refused)).isEqualTo(new SendResult.RateLimited(Duration.ofMillis(500)));
    assertThat(contents(List.of(next))).containsExactly("next");
    assertThat(seqs(List.of(next))).containsExactly(1L);
  }

  @Test
  void aSenderWaitingForTheirLimitDoesNotHoldUpAnotherSender() {
    messages.send(alice, toBob(), "waits", null);

    CompletionStage<SendResult> other = messages.send(bob, new Recipient.ToUser(alice), "hi", null);
    perUser.asked.get(1).complete(ALLOW);

    assertThat(contents(List.of(other))).containsExactly("hi");
  }

  private Recipient toBob() {
    return new Recipient.ToUser(bob);
  }

  private UserId newUser() {
    String name = "u" + UUID.randomUUID().toString().substring(0, 8);
    CreateResult created = join(store.create(new NewAccount(name, null, "hash", 0)));
    return ((CreateResult.Created) created).user().id();
  }

  private static List<Long> seqs(List<CompletionStage<SendResult>> sent) {
    return sent.stream().map(s -> ((SendResult.Sent) join(s)).message().seq()).toList();
  }

  private static List<String> contents(List<CompletionStage<SendResult>> sent) {
    return sent.stream().map(s -> ((SendResult.Sent) join(s)).message().content()).toList();
  }

  private static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  /** A limiter whose answers the test gives, call by call (or at once, allowing). */
  private static final class HeldLimiter implements RateLimiter {
    final List<CompletableFuture<Optional<Duration>>> asked = new CopyOnWriteArrayList<>();
    volatile boolean answerAtOnce;

    @Override
    public CompletionStage<Optional<Duration>> tryAcquire(Scope scope, String key) {
      assertThat(scope).isEqualTo(Scope.SEND_PER_USER);
      if (answerAtOnce) return ALLOWED;
      var answer = new CompletableFuture<Optional<Duration>>();
      asked.add(answer);
      return answer;
    }
  }
}
