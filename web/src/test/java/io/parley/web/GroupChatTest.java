package io.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.web.Api.User;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

/** Three people, three browsers, one group. This server is the test's own: names can be plain. */
class GroupChatTest extends BrowserTest {

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
  void threePeopleChatInAGroupAndEveryoneSeesTheMembershipNotices() {
    User alice = api.register("alice");
    User bob = api.register("bob");
    api.register("carol");
    api.send(bob, alice, "Are we still on for Saturday?");

    Browser a = browser("alice", server.uri());
    Browser b = browser("bob", server.uri());
    Browser c = browser("carol", server.uri());
    a.login("alice");
    b.login("bob");
    c.login("carol");

    // Alice creates the group with Bob.
    a.click("#btn-new-group");
    a.find("#group-name").sendKeys("Weekend trip");
    a.find("#group-member").sendKeys("bob", Keys.ENTER);
    a.waitDisplayed("#group-member-chips .chip");
    a.screenshot("group-create");
    a.click("#group-create");
    a.waitFor(d -> "Weekend trip".equals(a.text("#chat-title")) ? true : null);
    a.waitForNotice("You created the group “Weekend trip” with bob");

    // Bob sees it appear in his list, live.
    b.openConversation("Weekend trip");
    b.waitForNotice("alice created the group “Weekend trip” with you");

    // Alice makes an invite code; Carol joins with it.
    a.click("#chat-info");
    a.click("#create-invite");
    String code = a.find("#invite-code").getAttribute("value");
    a.screenshot("group-info");
    a.find("#invite-code").sendKeys(Keys.ESCAPE);
    a.waitHidden("#dlg-group-info");

    c.click("#btn-join-group");
    c.find("#join-code").sendKeys(code);
    c.click("#join-submit");
    c.waitFor(d -> "Weekend trip".equals(c.text("#chat-title")) ? true : null);
    c.waitForNotice("You joined with an invite code");
    a.waitForNotice("carol joined with an invite code");
    b.waitForNotice("carol joined with an invite code");
    a.waitForSubtitle("3 members");

    // Everyone sees everyone's messages.
    a.send("Cabin is booked 🏡 Friday to Sunday");
    b.waitForMessage("Cabin is booked 🏡 Friday to Sunday");
    c.waitForMessage("Cabin is booked 🏡 Friday to Sunday");
    b.send("I'll bring the board games 🎲");
    a.waitForMessage("I'll bring the board games 🎲");
    c.waitForMessage("I'll bring the board games 🎲");
    c.send("Count me in! Who drives?");
    a.waitForMessage("Count me in! Who drives?");
    b.waitForMessage("Count me in! Who drives?");
    a.send("I can, there's room for 4 🚗");
    b.waitForMessage("I can, there's room for 4 🚗");
    c.waitForMessage("I can, there's room for 4 🚗");
    // Both others have the group open: Alice's messages are read by every recipient.
    a.waitForStatus("I can, there's room for 4 🚗", "read");
    a.waitForStatus("Cabin is booked 🏡 Friday to Sunday", "read");
    // The list is sorted by activity: the group, where everything just happened, comes first.
    assertThat(a.conversationTitles()).containsExactly("Weekend trip", "bob");
    a.screenshot("group-chat");
    c.screenshot("group-chat-carol");

    // Carol leaves: the others see it, and she can no longer write there.
    c.click("#chat-info");
    c.click("#leave-group");
    c.waitFor(d -> c.text("#leave-group").contains("Really") ? true : null);
    c.click("#leave-group");
    c.waitDisplayed("#left-notice");
    a.waitForNotice("carol left");
    b.waitForNotice("carol left");
    a.waitForSubtitle("2 members");
    assertNoScriptErrors();
  }
}
