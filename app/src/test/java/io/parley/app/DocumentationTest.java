package io.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.app.config.Setting;
import io.parley.app.config.Settings;
import io.parley.core.error.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The documents a newcomer reads stay true to the code. */
class DocumentationTest {

  private static final Path DOCS = Path.of("..", "docs");

  @Test
  void everyErrorCodeIsDocumentedInTheApiReference() throws Exception {
    String api = Files.readString(DOCS.resolve("API.md"));
    for (ErrorCode code : ErrorCode.values()) {
      assertThat(api).as(code.name()).contains("| `" + code.name() + "` | " + code.httpStatus() + " |");
    }
  }

  @Test
  void everySettingIsDocumentedInTheOperationsGuide() throws Exception {
    String operations = Files.readString(DOCS.resolve("OPERATIONS.md"));
    for (Setting setting : Settings.ALL) {
      assertThat(operations).as(setting.key()).contains("`" + setting.key() + "`");
    }
  }
}
