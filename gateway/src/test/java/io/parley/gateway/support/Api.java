package io.parley.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

/** A small HTTP client for the tests: raw status, headers and JSON body. */
public final class Api {

  private final WebClient web;
  private final int port;

  Api(WebClient web, int port) {
    this.web = web;
    this.port = port;
  }

  /** An answer. */
  public record Reply(int status, MultiMap headers, String text) {
    public JsonObject json() {
      return new JsonObject(text);
    }

    /** The error code of an error answer. */
    public String code() {
      return json().getJsonObject("error").getString("code");
    }
  }

  /** A logged-in user. */
  public record Session(String userId, String username, String token) {}

  public Reply call(HttpMethod method, String path, String token, String body) {
    HttpRequest<Buffer> request = web.request(method, port, "127.0.0.1", path);
    if (token != null) request.putHeader("Authorization", "Bearer " + token);
    HttpResponse<Buffer> response =
        TestServer.await(body == null ? request.send() : request.sendBuffer(Buffer.buffer(body)));
    return new Reply(
        response.statusCode(),
        response.headers(),
        response.body() == null ? "" : response.bodyAsString());
  }

  public Reply get(String path, String token) {
    return call(HttpMethod.GET, path, token, null);
  }

  public Reply post(String path, String token, JsonObject body) {
    return call(HttpMethod.POST, path, token, body.encode());
  }

  public Reply post(String path, String token, String body) {
    return call(HttpMethod.POST, path, token, body);
  }

  public Reply register(String username, String password) {
    return post(
        "/auth/register",
        null,
        new JsonObject().put("username", username).put("password", password));
  }

  public Reply login(String username, String password) {
    return post(
        "/auth/login", null, new JsonObject().put("username", username).put("password", password));
  }

  public Session signUp(String username, String password) {
    Reply registered = register(username, password);
    assertThat(registered.status()).as(registered.text()).isEqualTo(201);
    Reply login = login(username, password);
    assertThat(login.status()).as(login.text()).isEqualTo(200);
    return new Session(
        login.json().getString("user_id"), username, login.json().getString("token"));
  }

  public Reply send(Session from, String receiverId, String content, String clientMsgId) {
    JsonObject body = new JsonObject().put("receiver_id", receiverId).put("content", content);
    if (clientMsgId != null) body.put("client_msg_id", clientMsgId);
    return post("/messages/send", from.token(), body);
  }
}
