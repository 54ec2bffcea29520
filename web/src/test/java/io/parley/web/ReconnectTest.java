package io.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.web.Api.User;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The browser reaches the server through a {@link Relay} the test controls, so it can be kept away
 * while the test (which talks to the server directly) does things "meanwhile".
 */
class ReconnectTest extends BrowserTest {

  private static final Duration BACK_WITHIN = Duration.ofSeconds(40);

  static WebServer server;
  static Api api;
  Relay relay;

  @BeforeAll
  static void startServer() {
    server = WebServer.start();
    api = new Api(server.uri());
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @AfterEach
  void closeRelay() {
    if (relay != null) relay.close();
  }

  private Browser aliceThroughRelay(User alice, User bob) {
    relay = Relay.to(server.port());
    Browser browser = browser("alice", URI.create("http://127.0.0.1:" + relay.port()));
    browser.login(alice.username());
    browser.openConversation(bob.username());
    return browser;
  }

  @Test
  void afterAServerRestartTheBrowserReconnectsAndShowsWhatWasSentMeanwhile() {
    User alice = api.register(Api.uniqueName("alice"));
    User bob = api.register(Api.uniqueName("bob"));
    api.send(bob, alice, "before the restart");
    Browser browser = aliceThroughRelay(alice, bob);
    browser.waitForMessage("before the restart");

    server.stop(); // graceful: the server tells the browser to go away (1001)
    browser.waitDisplayed("#offline-banner");
    relay.block(); // keep the browser away until the server is back and Bob has written
    server.startAgain(); // same port, same data

    List<String> meanwhile = List.of("sent while you were away 1", "…2 🙂", "…and 3");
    for (String text : meanwhile) api.send(bob, alice, text);
    browser.send("typed while offline");
    assertThat(browser.statusOf("typed while offline")).isEqualTo("pending");
    browser.screenshot("offline-banner");

    relay.unblock();
    browser.waitFor(BACK_WITHIN, d -> browser.isDisplayed("#offline-banner") ? null : true);
    for (String text : meanwhile) browser.waitForMessage(text);
    browser.waitFor(d -> "pending".equals(browser.statusOf("typed while offline")) ? null : true);

    List<String> texts = browser.messageTexts();
    for (String text : meanwhile)
      assertThat(Collections.frequency(texts, text)).as(text).isEqualTo(1);
    assertThat(Collections.frequency(texts, "typed while offline")).isEqualTo(1);
    assertThat(browser.messageIds()).doesNotHaveDuplicates();
    assertThat(count(api.history(bob, Api.directConversationId(alice, bob)), "typed while offline"))
        .isEqualTo(1);
    browser.screenshot("reconnected");
    assertNoScriptErrors();
  }

  @Test
  void messagesTypedOfflineAreSentOnceWhenBack() {
    User alice = api.register(Api.uniqueName("alice"));
    User bob = api.register(Api.uniqueName("bob"));
    api.send(bob, alice, "hello");
    Browser browser = aliceThroughRelay(alice, bob);
    browser.waitForMessage("hello");
    String conversation = Api.directConversationId(alice, bob);

    // Offline: typed messages wait, shown as pending, and go out once the link is back.
    relay.block();
    browser.waitDisplayed("#offline-banner");
    browser.send("offline one");
    browser.send("offline two ✈️");
    assertThat(browser.statusOf("offline one")).isEqualTo("pending");
    assertThat(browser.text("#offline-banner")).contains("2 messages will be sent");
    relay.unblock();
    browser.waitFor(BACK_WITHIN, d -> browser.isDisplayed("#offline-banner") ? null : true);
    browser.waitFor(d -> "pending".equals(browser.statusOf("offline one")) ? null : true);
    browser.waitFor(d -> "pending".equals(browser.statusOf("offline two ✈️")) ? null : true);

    // The server stores a message but its answer is lost with the connection: the browser sends
    // it again on the next connection with the same client_msg_id, and it is stored once.
    relay.dropReplies();
    browser.send("answer lost");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> count(api.history(bob, conversation), "answer lost") == 1);
    assertThat(browser.statusOf("answer lost")).isEqualTo("pending");
    relay.unblock();
    relay.cutAll();
    browser.waitFor(
        BACK_WITHIN, d -> "pending".equals(browser.statusOf("answer lost")) ? null : true);

    List<JsonObject> stored = api.history(bob, conversation);
    for (String text : List.of("offline one", "offline two ✈️", "answer lost")) {
      assertThat(count(stored, text)).as(text).isEqualTo(1);
      assertThat(Collections.frequency(browser.messageTexts(), text)).as(text).isEqualTo(1);
    }
    assertThat(browser.messageIds()).doesNotHaveDuplicates();

    // A reload keeps the session and shows the same conversation, each message once.
    browser.reload();
    browser.waitForMessage("answer lost");
    for (String text : List.of("offline one", "offline two ✈️", "answer lost")) {
      assertThat(Collections.frequency(browser.messageTexts(), text)).as(text).isEqualTo(1);
    }
    assertNoScriptErrors();
  }

  private static long count(List<JsonObject> messages, String content) {
    return messages.stream().filter(m -> content.equals(m.getString("content"))).count();
  }
}
