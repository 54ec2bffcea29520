package io.parley.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir Path dir;

  @Test
  void defaultsApplyWhenNothingIsGiven() {
    Config config = ConfigLoader.load(null, Map.of(), Map.of());
    assertThat(config.integer("server.port", 0, 65535)).isEqualTo(8080);
    assertThat(config.duration("ws.heartbeat-interval")).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.string("auth.jwt-secret")).isNull();
  }

  @Test
  void fileThenEnvironmentThenFlagsWin() throws Exception {
    Path file = dir.resolve("parley.yml");
    Files.writeString(
        file, "server:\n  port: 9000\n  host: 127.0.0.1\nratelimit.enabled: false\ndata:\n  dir: /tmp/x\n");
    Config config =
        ConfigLoader.load(
            file,
            Map.of("PARLEY_SERVER_PORT", "9100", "PARLEY_DATA_DIR", "/tmp/y"),
            Map.of("data.dir", "/tmp/z"));
    assertThat(config.string("server.host")).isEqualTo("127.0.0.1");
    assertThat(config.bool("ratelimit.enabled")).isFalse();
    assertThat(config.integer("server.port", 0, 65535)).isEqualTo(9100);
    assertThat(config.string("data.dir")).isEqualTo("/tmp/z");
  }

  @Test
  void unknownKeysFailNamingEveryOne() throws Exception {
    Path file = dir.resolve("typo.yml");
    Files.writeString(file, "server:\n  prot: 9000\n");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    file, Map.of("PARLEY_SERVR_HOST", "x", "PARLEY_LOG_LEVEL", "DEBUG"), Map.of("nope", "1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("server.prot")
        .hasMessageContaining("PARLEY_SERVR_HOST")
        .hasMessageContaining("nope")
        .hasMessageNotContaining("PARLEY_LOG_LEVEL");
  }

  @Test
  void badValuesNameTheirKey() {
    Config config =
        ConfigLoader.load(null, Map.of(), Map.of("server.port", "eighty", "ws.idle-timeout", "soon"));
    assertThatThrownBy(() -> config.integer("server.port", 0, 65535)).hasMessageContaining("server.port");
    assertThatThrownBy(() -> config.duration("ws.idle-timeout")).hasMessageContaining("ws.idle-timeout");
  }

  @Test
  void invalidYamlIsAClearError() throws Exception {
    Path file = dir.resolve("bad.yml");
    Files.writeString(file, "server: [unclosed\n");
    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("not valid YAML");
  }
}
