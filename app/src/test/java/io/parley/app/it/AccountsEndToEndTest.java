package io.parley.app.it;

import static io.parley.app.it.EndToEnd.PASSWORD;
import static io.parley.app.it.EndToEnd.assertError;
import static io.parley.app.it.EndToEnd.join;
import static io.parley.app.it.EndToEnd.newUser;
import static io.parley.app.it.EndToEnd.newUsers;
import static io.parley.app.it.EndToEnd.randomName;
import static io.parley.app.it.EndToEnd.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.parley.app.it.EndToEnd.Account;
import io.parley.client.ParleyClient;
import io.parley.client.ParleyConnection;
import io.parley.client.RawResponse;
import io.parley.client.Session;
import io.parley.client.User;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Registration, login and user lookup over real HTTP (docs/API.md, "Accounts"). */
class AccountsEndToEndTest {

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

  private static RawResponse register(String username, String password, String phone) {
    JsonObject body = new JsonObject().put("username", username).put("password", password);
    if (phone != null) {
      body.put("phone", phone);
    }
    return raw(client, "POST", "/auth/register", body.encode(), null);
  }

  private static RawResponse login(String username, String password) {
    String body = new JsonObject().put("username", username).put("password", password).encode();
    return raw(client, "POST", "/auth/login", body, null);
  }

  // ---- register ----

  @Test
  void registerAnswers201WithTheNewUserIdAsAStringAndTheUsername() {
    String name = randomName();
    RawResponse response = register(name, PASSWORD, null);

    assertThat(response.status()).isEqualTo(201);
    JsonObject json = response.json();
    assertThat(json.getValue("user_id")).isInstanceOf(String.class);
    assertThat(json.getString("user_id")).matches("[1-9][0-9]{0,18}");
    assertThat(json.getString("username")).isEqualTo(name);
  }

  @Test
  void registerWithAValidPhoneNumberSucceeds() {
    assertThat(register(randomName(), PASSWORD, "+14155550123").status()).isEqualTo(201);
  }

  @Test
  void registeringATakenUsernameIsAConflict() {
    String name = randomName();
    assertThat(register(name, PASSWORD, null).status()).isEqualTo(201);

    assertError(register(name, "another-password", null), 409, "USERNAME_TAKEN");
  }

  @Test
  void usernamesAreUniqueIgnoringCase() {
    String name = randomName();
    assertThat(register(name, PASSWORD, null).status()).isEqualTo(201);

    assertError(register(name.toUpperCase(Locale.ROOT), PASSWORD, null), 409, "USERNAME_TAKEN");
  }

  @Test
  void usernamesAtTheLengthLimitsWithAllowedPunctuationAreAccepted() {
    String three = "a" + randomName().substring(1, 3);
    String thirtyTwo = (randomName() + "_x.y-z" + randomName() + "0123456789").substring(0, 32);

    assertThat(register(three, PASSWORD, null).status()).isEqualTo(201);
    assertThat(register(thirtyTwo, PASSWORD, null).status()).isEqualTo(201);
  }

  @ParameterizedTest(name = "username \"{0}\"")
  @ValueSource(
      strings = {
        "ab",
        "abcdefghijklmnopqrstuvwxyz0123456", // 33 characters
        "_starts-with-underscore",
        ".starts-with-dot",
        "-starts-with-dash",
        "has space",
        "émile-accented",
        "semi;colon",
        ""
      })
  void usernamesBreakingTheRulesAreRefused(String username) {
    assertError(register(username, PASSWORD, null), 400, "INVALID_USERNAME");
  }

  @Test
  void passwordsOfEightAndOf128CharactersAreAccepted() {
    assertThat(register(randomName(), "12345678", null).status()).isEqualTo(201);
    assertThat(register(randomName(), "p".repeat(128), null).status()).isEqualTo(201);
  }

  @ParameterizedTest(name = "password of {0} characters")
  @ValueSource(ints = {0, 1, 7, 129, 1000})
  void passwordsOutsideEightTo128CharactersAreRefused(int length) {
    assertError(register(randomName(), "p".repeat(length), null), 400, "INVALID_PASSWORD");
  }

  @ParameterizedTest(name = "phone \"{0}\"")
  @ValueSource(
      strings = {
        "4155550123",
        "+",
        "+0155550123",
        "+1 415 555 0123",
        "+1-415-555-0123",
        "phone",
        "+1234567890123456"
      })
  void phoneNumbersNotInE164AreRefused(String phone) {
    assertError(register(randomName(), PASSWORD, phone), 400, "INVALID_PHONE");
  }

  @Test
  void aRefusedRegistrationLeavesTheUsernameFree() {
    String name = randomName();
    assertError(register(name, "short", null), 400, "INVALID_PASSWORD");

    assertThat(register(name, PASSWORD, null).status()).isEqualTo(201);
  }

  // ---- login ----

  @Test
  void loginAnswersATokenTheUserIdAndTheExpiry() {
    String name = randomName();
    String userId = register(name, PASSWORD, null).json().getString("user_id");
    long before = System.currentTimeMillis();

    RawResponse response = login(name, PASSWORD);

    assertThat(response.status()).isEqualTo(200);
    JsonObject json = response.json();
    assertThat(json.getString("token")).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    assertThat(json.getValue("user_id")).isEqualTo(userId);
    assertThat(json.getValue("expires_at")).isInstanceOf(Number.class);
    long day = 24 * 3600 * 1000L;
    assertThat(json.getLong("expires_at")).isCloseTo(before + day, within(60_000L));
  }

  @Test
  void theLoginTokenAuthenticatesRequests() {
    Account alice = newUser(client);
    Session session = join(client.login(alice.username(), alice.password()));

    User me = join(client.me(session));

    assertThat(session.userId()).isEqualTo(alice.id());
    assertThat(me.userId()).isEqualTo(alice.id());
    assertThat(me.username()).isEqualTo(alice.username());
  }

  @Test
  void loginWithAnUnknownUsernameIsInvalidCredentials() {
    assertError(login(randomName(), PASSWORD), 401, "INVALID_CREDENTIALS");
  }

  @Test
  void loginWithAWrongPasswordIsInvalidCredentials() {
    String name = randomName();
    register(name, PASSWORD, null);

    assertError(login(name, PASSWORD + "!"), 401, "INVALID_CREDENTIALS");
  }

  // ---- users ----

  @Test
  void usersMeIsTheUserObjectOfTheTokensUser() {
    Account alice = newUser(client);

    RawResponse response = raw(client, "GET", "/users/me", null, alice.token());

    assertThat(response.status()).isEqualTo(200);
    JsonObject json = response.json();
    assertThat(json.getValue("user_id")).isEqualTo(alice.id());
    assertThat(json.getString("username")).isEqualTo(alice.username());
    assertThat(json.getValue("online")).isEqualTo(false);
    assertThat(json.getValue("last_seen")).isInstanceOf(Number.class);
    assertThat(json.fieldNames())
        .containsExactlyInAnyOrder("user_id", "username", "online", "last_seen");
  }

  @Test
  void aUserIsFoundByIdByAnotherUser() {
    Account[] users = newUsers(client, 2);
    Account alice = users[0];
    Account bob = users[1];

    RawResponse response = raw(client, "GET", "/users/" + bob.id(), null, alice.token());

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().getValue("user_id")).isEqualTo(bob.id());
    assertThat(response.json().getString("username")).isEqualTo(bob.username());
  }

  @Test
  void aUserIsFoundByUsername() {
    Account[] users = newUsers(client, 2);
    Account alice = users[0];
    Account bob = users[1];

    User found = join(client.userByUsername(alice.session(), bob.username()));

    assertThat(found.userId()).isEqualTo(bob.id());
    assertThat(found.username()).isEqualTo(bob.username());
  }

  @Test
  void anUnknownUserIdIsUserNotFound() {
    Account alice = newUser(client);

    assertError(
        raw(client, "GET", "/users/4611686018427387904", null, alice.token()),
        404,
        "USER_NOT_FOUND");
  }

  @Test
  void anUnknownUsernameIsUserNotFound() {
    Account alice = newUser(client);

    assertError(
        raw(client, "GET", "/users?username=" + randomName(), null, alice.token()),
        404,
        "USER_NOT_FOUND");
  }

  @ParameterizedTest(name = "user id \"{0}\"")
  @ValueSource(strings = {"abc", "-1", "0", "12345678901234567890", "9223372036854775808", "1e3"})
  void aUserIdThatIsNotAPositive64BitNumberIsInvalidId(String id) {
    Account alice = newUser(client);

    assertError(raw(client, "GET", "/users/" + id, null, alice.token()), 400, "INVALID_ID");
  }

  @Test
  void aUserIsOnlineWhileConnectedAndHasALastSeenAfterwards() {
    Account[] users = newUsers(client, 2);
    Account alice = users[0];
    Account bob = users[1];
    long before = System.currentTimeMillis();
    ParleyConnection ws = join(client.connect(bob.session(), new Recorder()));

    EndToEnd.waitFor("bob online")
        .until(() -> join(client.user(alice.session(), bob.id())).online());

    join(ws.close());

    EndToEnd.waitFor("bob offline")
        .until(() -> !join(client.user(alice.session(), bob.id())).online());
    User offline = join(client.user(alice.session(), bob.id()));
    assertThat(offline.lastSeen()).isBetween(before, System.currentTimeMillis());
  }
}
