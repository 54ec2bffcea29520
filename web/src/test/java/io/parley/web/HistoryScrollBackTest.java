package io.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.web.Api.User;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HistoryScrollBackTest extends BrowserTest {

  static WebServer server;
  static Api api;

  @BeforeAll
  static void startServer() {
    server = WebServer.start();
    api = new Api(server.uri());
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void scrollingUpLoadsOlderPagesUntilTheFirstMessageWithNoDuplicates() {
    User alice = api.register(Api.uniqueName("alice"));
    User bob = api.register(Api.uniqueName("bob"));
    List<String> sent =
        IntStream.rangeClosed(1, 120).mapToObj(i -> String.format("history %03d", i)).toList();
    for (int i = 0; i < sent.size(); i++) {
      api.send(i % 3 == 0 ? alice : bob, i % 3 == 0 ? bob : alice, sent.get(i));
    }

    Browser browser = browser("alice", server.uri());
    browser.login(alice.username());
    browser.openConversation(bob.username());
    browser.waitForMessage("history 120");
    assertThat(browser.messageTexts()).hasSizeLessThan(120).endsWith("history 120");

    // One page back: it goes above what the reader was looking at, and the view stays put.
    int firstPage = browser.messageTexts().size();
    browser.scrollMessagesToTop();
    browser.waitFor(d -> browser.messageTexts().size() > firstPage ? true : null);
    Object fromBottom =
        browser.js(
            "const m = document.getElementById('messages');"
                + " return m.scrollHeight - m.clientHeight - m.scrollTop;");
    assertThat(((Number) fromBottom).intValue()).isGreaterThan(1000);

    browser.waitFor(
        d -> {
          browser.scrollMessagesToTop();
          return browser.messageTexts().contains("history 001") ? true : null;
        });
    browser.waitFor(d -> browser.text("#history-status").contains("beginning") ? true : null);

    assertThat(browser.messageTexts()).containsExactlyElementsOf(sent);
    assertThat(browser.messageIds()).hasSize(120).doesNotHaveDuplicates();
    browser.screenshot("history-start");
    assertNoScriptErrors();
  }
}
