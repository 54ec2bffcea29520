package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectGateTest {
  @Test
  void atMostMaxConnectsRunAndTheOthersGoInArrivalOrder() {
    ConnectGate gate = new ConnectGate(2);
    List<Integer> started = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      int n = i;
      gate.submit(() -> started.add(n));
    }
    assertThat(started).containsExactly(0, 1);
    assertThat(gate.running()).isEqualTo(2);
    assertThat(gate.waiting()).isEqualTo(3);
    gate.done();
    assertThat(started).containsExactly(0, 1, 2);
    gate.done();
    gate.done();
    assertThat(started).containsExactly(0, 1, 2, 3, 4);
    gate.done();
    gate.done();
    assertThat(gate.running()).isZero();
    assertThat(gate.waiting()).isZero();
  }
}
