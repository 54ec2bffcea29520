package io.parley.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.core.id.UserId;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class JwtTokensTest {

  private static final Vertx vertx = Vertx.vertx();
  private static final byte[] SECRET =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private static final byte[] OTHER =
      "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8);
  private final JwtTokens tokens =
      new JwtTokens(vertx, SECRET, Duration.ofHours(24), Clock.systemUTC());

  @AfterAll
  static void close() {
    vertx.close().await();
  }

  private static JwtTokens.Check check(JwtTokens tokens, String token) {
    return tokens.verify(token).await();
  }

  @Test
  void issuedTokenIsValidForItsUser() {
    JwtTokens.Issued issued = tokens.issue(UserId.of(42));
    JwtTokens.Check check = check(tokens, issued.token());
    assertThat(check).isEqualTo(new JwtTokens.Check.Valid(UserId.of(42), issued.expiresAt()));
    assertThat(issued.expiresAt())
        .isBetween(
            System.currentTimeMillis() + Duration.ofHours(24).toMillis() - 2000,
            System.currentTimeMillis() + Duration.ofHours(24).toMillis());
  }

  @Test
  void tokenCarriesSubjectIssuerAndExpiry() {
    String payload = tokens.issue(UserId.of(7)).token().split("\\.")[1];
    String json = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8);
    assertThat(json).contains("\"sub\":\"7\"").contains("\"iss\":\"parley\"").contains("\"exp\":");
  }

  @Test
  void expiredTokenIsExpiredNotInvalid() {
    Clock dayAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(25)), ZoneOffset.UTC);
    String old =
        new JwtTokens(vertx, SECRET, Duration.ofHours(24), dayAgo).issue(UserId.of(1)).token();
    assertThat(check(tokens, old)).isInstanceOf(JwtTokens.Check.Expired.class);
  }

  @Test
  void tokenSignedWithAnotherKeyIsInvalid() {
    String forged =
        new JwtTokens(vertx, OTHER, Duration.ofHours(1), Clock.systemUTC())
            .issue(UserId.of(1))
            .token();
    assertThat(check(tokens, forged)).isInstanceOf(JwtTokens.Check.Invalid.class);
  }

  @Test
  void expiredForgedTokenIsInvalid() {
    Clock dayAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(25)), ZoneOffset.UTC);
    String forged =
        new JwtTokens(vertx, OTHER, Duration.ofHours(24), dayAgo).issue(UserId.of(1)).token();
    assertThat(check(tokens, forged)).isInstanceOf(JwtTokens.Check.Invalid.class);
  }

  @Test
  void tamperedPayloadIsInvalid() {
    String[] parts = tokens.issue(UserId.of(5)).token().split("\\.");
    String payload =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                    .replace("\"sub\":\"5\"", "\"sub\":\"6\"")
                    .getBytes(StandardCharsets.UTF_8));
    assertThat(check(tokens, parts[0] + "." + payload + "." + parts[2]))
        .isInstanceOf(JwtTokens.Check.Invalid.class);
  }

  @Test
  void unsignedTokenIsInvalid() {
    String[] parts = tokens.issue(UserId.of(5)).token().split("\\.");
    String none =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(check(tokens, none + "." + parts[1] + "."))
        .isInstanceOf(JwtTokens.Check.Invalid.class);
  }

  @Test
  void garbageIsInvalid() {
    assertThat(check(tokens, "")).isInstanceOf(JwtTokens.Check.Invalid.class);
    assertThat(check(tokens, "abc")).isInstanceOf(JwtTokens.Check.Invalid.class);
    assertThat(check(tokens, "a.b.c")).isInstanceOf(JwtTokens.Check.Invalid.class);
    assertThat(check(tokens, null)).isInstanceOf(JwtTokens.Check.Invalid.class);
  }
}
