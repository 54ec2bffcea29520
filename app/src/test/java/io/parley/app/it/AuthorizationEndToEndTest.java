package io.parley.app.it;

import static io.parley.app.it.EndToEnd.assertError;
import static io.parley.app.it.EndToEnd.conversationId;
import static io.parley.app.it.EndToEnd.join;
import static io.parley.app.it.EndToEnd.newUsers;
import static io.parley.app.it.EndToEnd.raw;
import static io.parley.app.it.EndToEnd.refusal;
import static io.parley.app.it.EndToEnd.wholeHistory;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.app.it.EndToEnd.Account;
import io.parley.client.ErrorFrame;
import io.parley.client.HistoryQuery;
import io.parley.client.Message;
import io.parley.client.ParleyClient;
import io.parley.client.ParleyConnection;
import io.parley.client.ParleyException;
import io.parley.client.ReceiptType;
import io.parley.client.SendRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A user reads only their own history and conversations, and acknowledges only messages sent to
 * them: anything else is 403 {@code FORBIDDEN} and changes nothing.
 */
class AuthorizationEndToEndTest {

  private static TestServer server;
  private static ParleyClient client;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    client = ParleyClient.create(server.uri().toString());
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  /** Alice wrote to Bob; Carol is a stranger to both. */
  private record Cast(Account alice, Account bob, Account carol, Message message) {}

  private static Cast cast() {
    Account[] users = newUsers(client, 3);
    Message message =
        join(client.send(users[0].session(), SendRequest.toUser(users[1].id(), "private")));
    return new Cast(users[0], users[1], users[2], message);
  }

  @Test
  void aUserNeverReadsAnotherUsersHistory() {
    Cast c = cast();

    assertError(
        raw(client, "GET", "/messages/" + c.bob().id(), null, c.carol().token()), 403, "FORBIDDEN");
    assertError(
        raw(client, "GET", "/messages/" + c.bob().id(), null, c.alice().token()), 403, "FORBIDDEN");
  }

  @Test
  void theSdksHistoryOfAnotherUserFailsWithForbidden() {
    Cast c = cast();

    ParleyException refused =
        refusal(client.history(c.carol().session(), c.alice().id(), HistoryQuery.FIRST));

    assertThat(refused.httpStatus()).isEqualTo(403);
    assertThat(refused.code()).isEqualTo("FORBIDDEN");
  }

  @Test
  void anotherUsersHistoryIsForbiddenWhateverTheCursorOrLimit() {
    Cast c = cast();

    assertError(
        raw(
            client,
            "GET",
            "/messages/" + c.bob().id() + "?since=0&limit=500",
            null,
            c.carol().token()),
        403,
        "FORBIDDEN");
  }

  @Test
  void aUserNeverReadsAConversationTheyAreNotIn() {
    Cast c = cast();
    String conversation = conversationId(c.alice(), c.bob());

    assertError(
        raw(client, "GET", "/conversations/" + conversation + "/messages", null, c.carol().token()),
        403,
        "FORBIDDEN");
  }

  @Test
  void aConversationOfYourOwnWithAnotherUserShowsNothingOfTheirOtherConversations() {
    Cast c = cast();
    // Carol may read d-carol-bob (she is in it); it holds none of Alice's messages to Bob
    var page =
        join(
            client.conversationMessages(
                c.carol().session(), conversationId(c.carol(), c.bob()), null, null));

    assertThat(page.messages()).isEmpty();
  }

  @Test
  void aStrangersConversationsListShowsNothingOfOthers() {
    Cast c = cast();

    assertThat(join(client.conversations(c.carol().session()))).isEmpty();
  }

  @Test
  void aReceiptForSomeoneElsesMessageIsForbiddenAndChangesNothing() {
    Cast c = cast();
    String body =
        new JsonObject()
            .put("type", "read")
            .put("message_ids", new JsonArray().add(c.message().messageId()))
            .encode();

    assertError(raw(client, "POST", "/receipts", body, c.carol().token()), 403, "FORBIDDEN");

    assertThat(status(c.alice(), c.message())).isEqualTo("sent");
  }

  @Test
  void aReceiptMixingOwnAndForeignMessagesIsRefusedAsAWhole() {
    Cast c = cast();
    Message toCarol =
        join(client.send(c.bob().session(), SendRequest.toUser(c.carol().id(), "for carol")));

    ParleyException refused =
        refusal(
            client.receipts(
                c.carol().session(),
                ReceiptType.READ,
                List.of(toCarol.messageId(), c.message().messageId())));

    assertThat(refused.code()).isEqualTo("FORBIDDEN");
    assertThat(status(c.bob(), toCarol)).isEqualTo("sent");
    assertThat(status(c.alice(), c.message())).isEqualTo("sent");
  }

  @Test
  void aReceiptFrameForSomeoneElsesMessageIsAnErrorFrameAndTheSocketStaysUsable() {
    Cast c = cast();
    Recorder events = new Recorder();
    ParleyConnection carol = join(client.connect(c.carol().session(), events));

    join(carol.read(List.of(c.message().messageId())));

    ErrorFrame error = events.awaitError(0);
    assertThat(error.code()).isEqualTo("FORBIDDEN");
    assertThat(error.requestType()).isEqualTo("read");
    Message ok = join(carol.send(c.bob().id(), "still here", null));
    assertThat(ok.senderId()).isEqualTo(c.carol().id());
    assertThat(status(c.alice(), c.message())).isEqualTo("sent");
    join(carol.close());
  }

  @Test
  void aStrangerReceivesNoneOfAConversationsEvents() {
    Cast c = cast();
    Recorder strangerEvents = new Recorder();
    Recorder bobEvents = new Recorder();
    ParleyConnection carol = join(client.connect(c.carol().session(), strangerEvents));
    ParleyConnection bob = join(client.connect(c.bob().session(), bobEvents));

    Message second =
        join(client.send(c.alice().session(), SendRequest.toUser(c.bob().id(), "second")));
    bobEvents.awaitMessage(second.messageId());
    join(bob.read(List.of(second.messageId())));
    join(bob.typing(c.alice().id(), true));
    // a message of Carol's own, sent after everything above, marks the end of what she could see
    Message own = join(carol.send(c.bob().id(), "marker", null));
    strangerEvents.awaitMessage(own.messageId());

    assertThat(strangerEvents.messages)
        .extracting(Message::messageId)
        .containsExactly(own.messageId());
    assertThat(strangerEvents.receipts).isEmpty();
    assertThat(strangerEvents.typings).isEmpty();
    join(carol.close());
    join(bob.close());
  }

  @Test
  void aSyncFrameOnlyEverReadsTheConnectedUsersHistory() {
    Cast c = cast();
    ParleyConnection carol = join(client.connect(c.carol().session(), new Recorder()));

    var page = join(carol.sync(null, 0L, 500));

    assertThat(page.messages()).isEmpty();
    join(carol.close());
  }

  private static String status(Account owner, Message message) {
    return wholeHistory(client, owner).stream()
        .filter(m -> m.messageId().equals(message.messageId()))
        .findFirst()
        .orElseThrow()
        .status();
  }
}
