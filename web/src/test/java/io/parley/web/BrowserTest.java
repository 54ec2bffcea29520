package io.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Opens browsers for a test and quits every one of them afterwards, whatever happened. */
abstract class BrowserTest {

  private final List<Browser> browsers = new ArrayList<>();

  /** On a failure, every page is saved (picture and state) before the browsers are quit. */
  @RegisterExtension
  final AfterTestExecutionCallback evidence =
      context -> {
        if (context.getExecutionException().isEmpty()) return;
        for (Browser b : browsers) {
          try {
            b.screenshot("FAILED-" + context.getRequiredTestMethod().getName() + "-" + b.name);
            System.err.println(
                b.name
                    + ": "
                    + b.debugState()
                    + " notices="
                    + b.notices()
                    + " messages="
                    + b.messageTexts()
                    + " console="
                    + b.consoleErrors());
          } catch (RuntimeException e) {
            System.err.println(b.name + ": no evidence (" + e + ")");
          }
        }
      };

  Browser browser(String name, java.net.URI base) {
    Browser b = Browser.open(name, base);
    browsers.add(b);
    return b;
  }

  Browser browser(String name, java.net.URI base, int width, int height) {
    Browser b = Browser.open(name, base, width, height);
    browsers.add(b);
    return b;
  }

  /** No uncaught exception or console error in any page, network failures aside. */
  void assertNoScriptErrors() {
    for (Browser b : browsers) {
      List<String> errors =
          b.consoleErrors().stream()
              .filter(e -> !e.contains("WebSocket connection to"))
              .filter(e -> !e.contains("Failed to load resource"))
              .filter(e -> !e.contains("net::ERR_"))
              .toList();
      assertThat(errors).as("console errors in %s's browser", b.name).isEmpty();
    }
  }

  @AfterEach
  void quitBrowsers() {
    RuntimeException failure = null;
    for (Browser b : browsers) {
      try {
        b.close();
      } catch (RuntimeException e) {
        if (failure == null) failure = e;
      }
    }
    browsers.clear();
    if (failure != null) throw failure;
  }
}
