package io.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.web.Api.User;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

class DirectChatTest extends BrowserTest {

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
  void twoPeopleChatLiveBothWaysWithTicksGoingFromSentToDeliveredToRead() {
    String aliceName = Api.uniqueName("alice");
    User bob = api.register(Api.uniqueName("bob"));

    Browser alice = browser("alice", server.uri());
    alice.register(aliceName);
    alice.startChatWith(bob.username());
    alice.send("Hi Bob 👋");
    // Bob is not connected anywhere: the message is durable (one tick) but not delivered.
    alice.waitForStatus("Hi Bob 👋", "sent");

    Browser bobs = browser("bob", server.uri());
    bobs.login(bob.username());
    // Bob's client receives it while connected and acknowledges delivery: two grey ticks.
    bobs.waitFor(d -> "1".equals(bobs.unreadBadge(aliceName)) ? true : null);
    alice.waitForStatus("Hi Bob 👋", "delivered");
    alice.waitForSubtitle("online");

    // Bob opens the chat: the message is on his screen, Alice sees it read.
    bobs.openConversation(aliceName);
    bobs.waitForMessage("Hi Bob 👋");
    alice.waitForStatus("Hi Bob 👋", "read");
    assertThat(bobs.unreadBadge(aliceName)).isEmpty();

    // Bob types: Alice sees it; Bob sends: Alice has the chat open, so it is read at once.
    bobs.type("Hello Alice");
    alice.waitForSubtitle("typing");
    bobs.type(Keys.ENTER);
    alice.waitForMessage("Hello Alice");
    bobs.waitForStatus("Hello Alice", "read");
    alice.waitFor(d -> alice.subtitle().contains("typing") ? null : true);

    // Shift+Enter is a new line, Enter sends.
    alice.type("first line", Keys.chord(Keys.SHIFT, Keys.ENTER), "second line", Keys.ENTER);
    bobs.waitForMessage("first line\nsecond line");

    // Right-to-left text and emoji arrive intact, laid out by their own direction.
    bobs.send("مرحبا يا أليس 🌙");
    alice.waitForMessage("مرحبا يا أليس 🌙");
    Object dir =
        alice.js(
            "return [...document.querySelectorAll('#message-list .msg .text')]"
                + ".find(e => e.textContent.startsWith('مرحبا')).getAttribute('dir');");
    assertThat(dir).isEqualTo("auto");

    // A long word wraps inside its bubble instead of widening the page.
    String longWord = "x".repeat(700);
    alice.send(longWord);
    bobs.waitForMessage(longWord);
    Object overflow =
        bobs.js(
            "const m = document.getElementById('messages'); return m.scrollWidth - m.clientWidth;");
    assertThat(((Number) overflow).intValue()).isLessThanOrEqualTo(0);

    alice.send("See you at 6 then 🙂");
    bobs.waitForMessage("See you at 6 then 🙂");
    alice.waitForStatus("See you at 6 then 🙂", "read");
    alice.screenshot("chat-alice");
    bobs.screenshot("chat-bob");
    assertThat(alice.messageIds()).doesNotHaveDuplicates();
    assertThat(bobs.messageIds()).doesNotHaveDuplicates();
    assertNoScriptErrors();
  }

  @Test
  void aScriptInAMessageIsShownAsTextAndNeverRuns() {
    String payload = "<script>window.__xss=1</script><img src=x onerror=\"window.__xss=2\">";
    User alice = api.register(Api.uniqueName("alice"));
    User mallory = api.register(Api.uniqueName("mallory"));
    api.send(mallory, alice, payload);

    Browser browser = browser("alice", server.uri());
    browser.login(alice.username());
    browser.waitFor(
        d -> browser.text("#conversations .preview-text").contains("<script>") ? true : null);
    browser.openConversation(mallory.username());
    browser.waitForMessage(payload);
    // Alice sends it back through the composer too.
    browser.send(payload);
    browser.waitForStatus(payload, "sent");

    assertThat(browser.messageTexts()).containsExactly(payload, payload);
    assertThat(browser.js("return typeof window.__xss;")).isEqualTo("undefined");
    assertThat(
            browser.js(
                "return document.querySelectorAll('#message-list script, #message-list"
                    + " img').length;"))
        .isEqualTo(0L);
    browser.screenshot("xss-as-text");
    assertNoScriptErrors();
  }

  @Test
  void aPhoneSizedWindowShowsTheListOrTheChat() {
    User alice = api.register(Api.uniqueName("alice"));
    User bob = api.register(Api.uniqueName("bob"));
    api.send(bob, alice, "Are you on your phone?");
    api.send(
        bob,
        alice,
        "The layout should fit a 375 px screen, with long lines wrapping nicely inside the"
            + " bubbles.");

    Browser phone = browser("alice", server.uri(), 375, 740);
    phone.screenshot("phone-sign-in");
    phone.login(alice.username());
    assertThat(phone.isDisplayed("#sidebar")).isTrue();
    assertThat(phone.isDisplayed("#chat-pane")).isFalse();
    phone.screenshot("phone-list");

    phone.openConversation(bob.username());
    phone.waitHidden("#sidebar");
    assertThat(phone.isDisplayed("#chat-pane")).isTrue();
    phone.waitForMessage("Are you on your phone?");
    phone.send("Yes, and it fits 📱");
    phone.waitForStatus("Yes, and it fits 📱", "sent");
    assertThat(phone.js("return document.documentElement.scrollWidth;")).isEqualTo(375L);
    phone.screenshot("phone-chat");

    phone.click("#chat-back");
    phone.waitDisplayed("#sidebar");
    assertThat(phone.isDisplayed("#chat-pane")).isFalse();
    assertNoScriptErrors();
  }

  @Test
  void everyRefusalIsExplainedInPlainWords() {
    User taken = api.register(Api.uniqueName("taken"));
    Browser browser = browser("visitor", server.uri());
    browser.screenshot("sign-in");

    browser.fillAuth(taken.username(), "not-the-password");
    assertThat(browser.authError()).isEqualTo("Wrong username or password.");

    browser.click("#tab-register");
    browser.fillAuth(taken.username(), Api.PASSWORD);
    assertThat(browser.authError()).startsWith("That username is taken");

    browser.fillAuth(Api.uniqueName("new"), "short");
    assertThat(browser.authError()).isEqualTo("Passwords are 8 to 128 characters long.");

    browser.fillAuth("no spaces allowed", Api.PASSWORD);
    assertThat(browser.authError()).startsWith("Usernames are 3–32 characters");

    String name = Api.uniqueName("newbie");
    browser.register(name);
    browser.screenshot("empty-list");
    browser.click("#btn-new-chat");
    browser.find("#new-chat-username").sendKeys("nobody_" + name);
    browser.click("#new-chat-submit");
    browser.waitFor(
        d ->
            browser.text("#dlg-new-chat .form-error").equals("No one has that username.")
                ? true
                : null);
    browser.find("#new-chat-username").clear();
    browser.find("#new-chat-username").sendKeys(name);
    browser.click("#new-chat-submit");
    browser.waitFor(
        d -> browser.text("#dlg-new-chat .form-error").startsWith("That is you") ? true : null);
    browser.find("#new-chat-username").sendKeys(Keys.ESCAPE);
    browser.waitHidden("#dlg-new-chat");

    browser.logout();
    browser.login(name);
    assertNoScriptErrors();
  }
}
