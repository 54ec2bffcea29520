package io.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client as files: served at /, self-contained, and never building HTML from strings. */
class StaticFilesTest {

  static WebServer server;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startServer() {
    server = WebServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  static Path webRoot() throws URISyntaxException {
    return Path.of(StaticFilesTest.class.getClassLoader().getResource("web/index.html").toURI())
        .getParent();
  }

  static List<Path> files(String extension) throws Exception {
    try (Stream<Path> walk = Files.walk(webRoot())) {
      return walk.filter(p -> p.toString().endsWith(extension)).sorted().toList();
    }
  }

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(server.uri().resolve(path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theClientIsServedAtTheRootWithItsModules() throws Exception {
    HttpResponse<String> index = get("/");
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.headers().firstValue("content-type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(index.body()).contains("<script type=\"module\" src=\"app.js\"></script>");

    Path root = webRoot();
    for (Path js : files(".js")) {
      String path = "/" + root.relativize(js).toString().replace('\\', '/');
      HttpResponse<String> module = get(path);
      assertThat(module.statusCode()).as(path).isEqualTo(200);
      assertThat(module.headers().firstValue("content-type"))
          .as(path)
          .hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
      // Not fingerprinted: browsers revalidate, so an upgraded server is picked up at once.
      assertThat(module.headers().firstValue("cache-control")).as(path).hasValue("no-cache");
    }
    assertThat(get("/styles.css").headers().firstValue("content-type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
  }

  @Test
  void everyImportResolvesToAFileOfTheClient() throws Exception {
    Pattern importFrom = Pattern.compile("from '(\\.[^']+)'");
    for (Path js : files(".js")) {
      Matcher m = importFrom.matcher(Files.readString(js));
      while (m.find()) {
        assertThat(js.getParent().resolve(m.group(1)).normalize())
            .as("%s imports %s", js, m.group(1))
            .exists();
      }
    }
  }

  @Test
  void nothingIsFetchedFromAnotherHost() throws Exception {
    for (String ext : List.of(".js", ".css", ".html")) {
      for (Path file : files(ext)) {
        // (The SVG namespace is a name, not an address: nothing is fetched from it.)
        assertThat(Files.readString(file).replace("http://www.w3.org/2000/svg", ""))
            .as(file.toString())
            .doesNotContainPattern("(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}/");
      }
    }
  }

  @Test
  void everyErrorCodeOfTheContractHasWordsForPeople() throws Exception {
    String api = Files.readString(Path.of("..", "docs", "API.md"));
    String catalogue = api.substring(api.indexOf("## Error codes"));
    Matcher row = Pattern.compile("(?m)^\\| `([A-Z_]+)` \\|").matcher(catalogue);
    String errors = Files.readString(webRoot().resolve("js/errors.js"));
    int codes = 0;
    while (row.find()) {
      codes++;
      assertThat(errors)
          .as("errors.js words for %s", row.group(1))
          .contains("  " + row.group(1) + ":");
    }
    assertThat(codes).isGreaterThan(20);
  }

  @Test
  void noCodeParsesStringsAsHtml() throws Exception {
    for (Path js : files(".js")) {
      assertThat(Files.readString(js))
          .as(js.toString())
          .doesNotContain(
              ".innerHTML",
              ".outerHTML",
              "insertAdjacentHTML",
              "document.write",
              "eval(",
              "new Function");
    }
  }
}
