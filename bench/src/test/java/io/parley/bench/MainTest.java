package io.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
  @Test
  void directFromTheCommandLineExitsWithZeroAndWritesItsReports() throws IOException {
    CommonOptions shared = SharedServer.shortRun();
    Path out = shared.out.resolve("cli");

    int code =
        new CommandLine(new Main())
            .execute(
                "direct",
                "--target=" + shared.target,
                "--server-pid=" + shared.serverPid,
                "--users=4",
                "--rate=40",
                "--warmup=1s",
                "--duration=2s",
                "--quiet",
                "--json",
                "--out=" + out);

    assertThat(code).isZero();
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.startsWith("direct-") && n.endsWith(".json"))
          .anyMatch(n -> n.startsWith("direct-") && n.endsWith(".html"));
    }
  }

  @Test
  void durationsAcceptUnitsAndPlainSeconds() {
    assertThat(Durations.parse("250ms").toMillis()).isEqualTo(250);
    assertThat(Durations.parse("30s").toSeconds()).isEqualTo(30);
    assertThat(Durations.parse("2m").toSeconds()).isEqualTo(120);
    assertThat(Durations.parse("7").toSeconds()).isEqualTo(7);
  }
}
