package io.parley.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LedgerTest {
  @Test
  void anAcknowledgedMessageNobodyReceivedIsLost() {
    Ledger ledger = new Ledger(4);
    ledger.issue(0, 0, 1, 1);
    ledger.issue(1, 1, 0, 1);
    ledger.issue(2, 0, 1, 3);
    ledger.answer(0, true);
    ledger.answer(1, true);
    ledger.answer(2, true);
    ledger.delivered(0);
    ledger.delivered(2);

    Ledger.Tally tally = ledger.tally();

    assertThat(tally.acked()).isEqualTo(3);
    assertThat(tally.lostMessages()).isEqualTo(2);
    assertThat(tally.lostDeliveries()).isEqualTo(3);
    assertThat(tally.settled()).isFalse();
  }

  @Test
  void aSendWithoutAnswerIsUnanswered() {
    Ledger ledger = new Ledger(2);
    ledger.issue(0, 0, 1, 1);
    ledger.issue(1, 0, 1, 1);
    ledger.answer(1, false);

    Ledger.Tally tally = ledger.tally();

    assertThat(tally.unanswered()).isEqualTo(1);
    assertThat(tally.failed()).isEqualTo(1);
    assertThat(ledger.answer(1, true)).as("answered once").isFalse();
  }

  @Test
  void theOpenLoopFiresOnScheduleWithoutWaitingForAnswers() {
    long start = System.nanoTime();
    long[] intended = new long[5];
    long fired =
        OpenLoop.run(
            1000, start, Long.MAX_VALUE, 5, () -> false, null, (k, t) -> intended[(int) k] = t);

    assertThat(fired).isEqualTo(5);
    for (int k = 0; k < 5; k++) {
      assertThat(intended[k]).isEqualTo(start + k * 1_000_000L);
    }
  }
}
