package io.parley.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.bench.CommonOptions;
import io.parley.bench.Runner;
import io.parley.bench.SharedServer;
import io.parley.bench.load.Ledger;
import io.parley.bench.report.Report;
import io.parley.bench.users.UserPool.BenchUser;
import io.parley.client.ConnectOptions;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Acknowledged messages whose live frame never came are looked up in the recipient's history after
 * the drain: there they are late, not lost; only a message the server never stored is lost.
 */
class UndeliveredCheckTest {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  @Test
  void messagesToARecipientThatLeftAreLateNotLost() {
    Report report = Runner.run(options(), new DirectWithLeaver(6, 100, 0), QUIET).report();

    assertThat(report.failure()).isNull();
    assertThat(report.count("late")).as("messages to the recipient that left").isPositive();
    assertThat(report.check("lost")).isZero();
    assertThat(report.check("unverified")).isZero();
    assertThat(report.check("unanswered_sends")).isZero();
    assertThat(report.count("verify_pages")).isPositive();
    assertThat(report.passed()).isTrue();
  }

  @Test
  void anAcknowledgedMessageMissingFromHistoryIsLost() {
    Report report = Runner.run(options(), new DirectWithLeaver(4, -1, 1), QUIET).report();

    assertThat(report.check("lost")).isEqualTo(1);
    assertThat(report.check("unverified")).isZero();
    assertThat(report.passed()).isFalse();
  }

  @Test
  void aCheckOutOfTimeCountsWhatItDidNotLookUpAsUnverified() {
    CommonOptions o = options();
    o.verifyTimeout = Duration.ZERO;
    Report report = Runner.run(o, new DirectWithLeaver(4, -1, 1), QUIET).report();

    assertThat(report.check("unverified")).isPositive();
    assertThat(report.check("lost")).isZero();
    assertThat(report.failure()).contains("unverified").contains("--verify-timeout");
    assertThat(report.passed()).isFalse();
  }

  private static CommonOptions options() {
    CommonOptions o = SharedServer.shortRun();
    o.duration = Duration.ofSeconds(2);
    o.drain = Duration.ofSeconds(5); // the leaver's messages never arrive: do not wait 15 s
    return o;
  }

  /**
   * {@code direct} at 200 msg/s among {@code users}, where user 0 only receives: it closes its
   * connection for good (no reconnect) before message {@code leaveAt} (-1: never), and every fourth
   * message from then on goes to it. The server stores and acknowledges them but has nowhere to
   * push them. {@code phantoms} messages the server never saw are then entered in the ledger as
   * acknowledged and undelivered.
   */
  private static final class DirectWithLeaver implements Scenario {
    private final int users;
    private final int leaveAt;
    private final int phantoms;

    DirectWithLeaver(int users, int leaveAt, int phantoms) {
      this.users = users;
      this.leaveAt = leaveAt;
      this.phantoms = phantoms;
    }

    @Override
    public String name() {
      return "direct-leaver";
    }

    @Override
    public Map<String, Object> parameters() {
      return Map.of("users", users, "leave_at", leaveAt, "phantoms", phantoms);
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
      double rate = 200;
      List<BenchUser> list = ctx.users(users);
      MessageLoad load =
          new MessageLoad(
              ctx,
              list,
              DirectScenario.capacity(ctx, rate) + phantoms,
              null,
              DirectScenario.ONE_TO_ONE,
              100);
      load.connectAll(DirectScenario.bench(new ConnectOptions()), 16);
      load.startMonitor();
      SplittableRandom random = ctx.random();
      load.send(
          rate,
          load.schedule(),
          (k, pick) -> {
            if (k == leaveAt) {
              load.connection(0).close().join();
            }
            pick[0] = 1 + random.nextInt(users - 1);
            int other = random.nextInt(users - 1);
            boolean toLeaver = leaveAt >= 0 && k >= leaveAt && k % 4 == 0;
            pick[1] = toLeaver ? 0 : other >= pick[0] ? other + 1 : other;
          });
      Ledger.Tally drained = load.drain();
      Ledger ledger = load.ledger();
      for (int p = 0; p < phantoms; p++) {
        int k = ledger.issued();
        ledger.issue(k, 1, 2, 1);
        ledger.answer(k, true);
      }
      Ledger.Tally tally = phantoms == 0 ? drained : ledger.tally();
      load.fill(ctx.report(), tally, load.verifyUndelivered(tally));
      load.closeAll();
    }
  }
}
