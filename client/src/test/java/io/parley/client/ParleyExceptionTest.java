package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClosedException;
import java.net.ConnectException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ParleyExceptionTest {
  private static RawResponse response(int status, String body, String retryAfter) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (retryAfter != null) {
      headers.add("Retry-After", retryAfter);
    }
    return new RawResponse(status, headers, body);
  }

  @Test
  void errorEnvelopeGivesStatusCodeAndMessage() {
    ParleyException e =
        ParleyException.fromResponse(
            response(
                404, "{\"error\":{\"code\":\"USER_NOT_FOUND\",\"message\":\"no user 5\"}}", null));
    assertThat(e.httpStatus()).isEqualTo(404);
    assertThat(e.code()).isEqualTo("USER_NOT_FOUND");
    assertThat(e.errorMessage()).isEqualTo("no user 5");
    assertThat(e.getMessage()).contains("USER_NOT_FOUND").contains("404").contains("no user 5");
    assertThat(e.retryAfter()).isEmpty();
    assertThat(e.isRetryable()).isFalse();
  }

  @Test
  void rateLimitPrefersTheMillisecondsOfTheBody() {
    ParleyException e =
        ParleyException.fromResponse(
            response(
                429,
                "{\"error\":{\"code\":\"RATE_LIMITED\",\"message\":\"slow"
                    + " down\",\"retry_after_ms\":2500}}",
                "3"));
    assertThat(e.retryAfter()).contains(Duration.ofMillis(2500));
    assertThat(e.isRetryable()).isTrue();
  }

  @Test
  void rateLimitFallsBackToTheRetryAfterHeader() {
    ParleyException e =
        ParleyException.fromResponse(
            response(
                429, "{\"error\":{\"code\":\"RATE_LIMITED\",\"message\":\"slow down\"}}", "3"));
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
  }

  @Test
  void answersWithoutTheEnvelopeStillGetACode() {
    assertThat(ParleyException.fromResponse(response(503, "<html>busy</html>", null)).code())
        .isEqualTo("UNAVAILABLE");
    assertThat(ParleyException.fromResponse(response(502, "", null)).code()).isEqualTo("HTTP_502");
  }

  @Test
  void webSocketErrorsGetTheStatusOfTheCatalogue() {
    assertThat(ParleyException.fromCode("CONTENT_TOO_LARGE", "big", null).httpStatus())
        .isEqualTo(413);
    assertThat(ParleyException.fromCode("NOT_MEMBER_YET_UNKNOWN", "x", null).httpStatus()).isZero();
    assertThat(ParleyException.statusOf("TOKEN_EXPIRED")).isEqualTo(401);
    assertThat(ParleyException.statusOf("RATE_LIMITED")).isEqualTo(429);
  }

  @Test
  void transportFailuresHaveNoStatus() {
    ParleyException refused = ParleyException.transport(new ConnectException("refused"));
    assertThat(refused.httpStatus()).isZero();
    assertThat(refused.code()).isEqualTo(ParleyException.CONNECTION_FAILED);
    assertThat(refused.isRetryable()).isTrue();
    assertThat(
            ParleyException.transport(HttpClosedException.class.cast(new HttpClosedException("x")))
                .code())
        .isEqualTo(ParleyException.CONNECTION_CLOSED);
    assertThat(ParleyException.transport(new java.util.concurrent.TimeoutException("t")).code())
        .isEqualTo(ParleyException.TIMEOUT);
  }

  @Test
  void theSdkKnowsEveryCodeOfTheDocumentedCatalogueWithItsStatus() throws Exception {
    java.nio.file.Path api = java.nio.file.Path.of("..", "docs", "API.md");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        java.nio.file.Files.exists(api), "docs/API.md is beside the module");
    String doc = java.nio.file.Files.readString(api);
    String catalogue = doc.substring(doc.indexOf("## Error codes"));
    java.util.regex.Matcher row =
        java.util.regex.Pattern.compile("(?m)^\\| `([A-Z_]+)` \\| (\\d{3}) \\|").matcher(catalogue);
    int rows = 0;
    while (row.find()) {
      rows++;
      assertThat(ParleyException.statusOf(row.group(1)))
          .as("status of %s", row.group(1))
          .isEqualTo(Integer.parseInt(row.group(2)));
    }
    assertThat(rows).isGreaterThan(20);
  }
}
