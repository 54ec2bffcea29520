package io.parley.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The HTTP API from the test's side: accounts and messages that the browsers then see. */
final class Api {

  static final String PASSWORD = "correct-horse-battery";

  /** A signed-in user. */
  record User(String username, String userId, String token) {}

  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  Api(URI base) {
    this.base = base;
  }

  /** A fresh username: tests never share accounts, so their order never matters. */
  static String uniqueName(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().substring(0, 6);
  }

  User register(String username) {
    JsonObject created =
        call(
            "POST",
            "/auth/register",
            null,
            new JsonObject().put("username", username).put("password", PASSWORD),
            201);
    return login(username, created.getString("user_id"));
  }

  User login(String username, String userId) {
    JsonObject session =
        call(
            "POST",
            "/auth/login",
            null,
            new JsonObject().put("username", username).put("password", PASSWORD),
            200);
    return new User(username, userId, session.getString("token"));
  }

  JsonObject send(User from, User to, String content) {
    return call(
        "POST",
        "/messages/send",
        from.token(),
        new JsonObject().put("receiver_id", to.userId()).put("content", content),
        201);
  }

  /** Every message of a conversation, oldest first, read page by page through `before`. */
  List<JsonObject> history(User reader, String conversationId) {
    List<JsonObject> newestFirst = new ArrayList<>();
    String before = null;
    while (true) {
      String path =
          "/conversations/"
              + conversationId
              + "/messages?limit=200"
              + (before == null ? "" : "&before=" + before);
      JsonObject page = call("GET", path, reader.token(), null, 200);
      JsonArray messages = page.getJsonArray("messages");
      for (int i = 0; i < messages.size(); i++) newestFirst.add(messages.getJsonObject(i));
      if (!page.getBoolean("has_more")) break;
      before = page.getString("next_before");
    }
    List<JsonObject> oldestFirst = new ArrayList<>(newestFirst);
    java.util.Collections.reverse(oldestFirst);
    return oldestFirst;
  }

  static String directConversationId(User a, User b) {
    long x = Long.parseLong(a.userId());
    long y = Long.parseLong(b.userId());
    return "d-" + Math.min(x, y) + "-" + Math.max(x, y);
  }

  private JsonObject call(String method, String path, String token, JsonObject body, int expected) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (body != null) request.header("Content-Type", "application/json");
    if (token != null) request.header("Authorization", "Bearer " + token);
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != expected) {
        throw new AssertionError(
            method + " " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      return new JsonObject(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
