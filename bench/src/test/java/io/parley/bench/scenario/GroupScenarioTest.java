package io.parley.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.bench.Runner;
import io.parley.bench.SharedServer;
import io.parley.bench.report.Report;
import java.io.OutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

/**
 * The group scenario runs against whatever the server offers: with the group API every member gets
 * every message once and in order; without it the run fails with a clear message instead of a
 * made-up result.
 */
class GroupScenarioTest {
  @Test
  void groupMessagesReachEveryMemberOrTheRunSaysGroupsAreMissing() {
    Report report =
        Runner.run(
                SharedServer.shortRun(),
                new GroupScenario(1, 10, 20, 100),
                new PrintStream(OutputStream.nullOutputStream()))
            .report();

    if (report.failure() != null) {
      assertThat(report.failure()).contains("the server does not support groups yet");
      assertThat(report.passed()).isFalse();
    } else {
      assertThat(report.check("lost")).isZero();
      assertThat(report.check("duplicated")).isZero();
      assertThat(report.check("out_of_order")).isZero();
      assertThat(report.count("delivered")).isEqualTo(9 * report.count("acknowledged"));
      assertThat(report.latencies().get("send_last_member").count()).isPositive();
      assertThat(report.passed()).isTrue();
    }
  }
}
