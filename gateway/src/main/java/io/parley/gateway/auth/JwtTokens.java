package io.parley.gateway.auth;

import io.parley.core.account.UserStore;
import io.parley.core.id.UserId;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Issues and checks the bearer tokens: JWTs signed with HS256, claims {@code sub} (the user id),
 * {@code iss} ({@value #ISSUER}), {@code iat} and {@code exp}. Signature and issuer are checked by
 * vertx-auth-jwt; expiry is checked here, so that an expired token ({@code TOKEN_EXPIRED}) can be
 * told apart from a forged or malformed one ({@code UNAUTHORIZED}).
 */
public final class JwtTokens {

  public static final String ISSUER = "parley";

  /** Shortest accepted HMAC secret. */
  public static final int MIN_SECRET_BYTES = 32;

  /** Longer tokens are refused without parsing. */
  public static final int MAX_TOKEN_CHARS = 4096;

  /** How many existing users {@link #verify} remembers before it starts over. */
  public static final int MAX_KNOWN_USERS = 1_000_000;

  private final Set<UserId> knownUsers = ConcurrentHashMap.newKeySet();
  private volatile UserStore users;

  private final Vertx vertx;
  private final JWTAuth auth;
  private final Duration ttl;
  private final Clock clock;

  public JwtTokens(Vertx vertx, byte[] secret, Duration ttl, Clock clock) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "the token secret must have at least " + MIN_SECRET_BYTES + " bytes");
    }
    this.vertx = vertx;
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.auth =
        JWTAuth.create(
            vertx,
            new JWTAuthOptions()
                .addPubSecKey(
                    new PubSecKeyOptions()
                        .setAlgorithm("HS256")
                        .setBuffer(Buffer.buffer(secret.clone())))
                .setJWTOptions(
                    new JWTOptions()
                        .setAlgorithm("HS256")
                        .setIssuer(ISSUER)
                        .setIgnoreExpiration(true)));
  }

  /** A new token for {@code user}, valid for the configured lifetime. */
  public Issued issue(UserId user) {
    long now = clock.millis();
    long expSeconds = (now + ttl.toMillis()) / 1000;
    JsonObject claims =
        new JsonObject().put("sub", user.toString()).put("iat", now / 1000).put("exp", expSeconds);
    String token =
        auth.generateToken(
            claims, new JWTOptions().setAlgorithm("HS256").setIssuer(ISSUER).setNoTimestamp(true));
    return new Issued(token, expSeconds * 1000);
  }

  /**
   * Also requires the token's user to exist in {@code users}: a genuine token for an unknown user
   * (say, after the data directory was reset while the secret was kept) is then Invalid. Users are
   * never deleted, so known ones are remembered (up to {@link #MAX_KNOWN_USERS}).
   */
  public JwtTokens requireAccounts(UserStore users) {
    this.users = users;
    return this;
  }

  /**
   * Checks a token: signature, issuer, subject, expiry, then (see {@link #requireAccounts}) that
   * its user exists. Never fails; see {@link Check}.
   */
  public Future<Check> verify(String token) {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
      return Future.succeededFuture(new Check.Invalid());
    }
    return auth.authenticate(new TokenCredentials(token))
        .map(user -> check(user.attributes().getJsonObject("accessToken")))
        .otherwise(new Check.Invalid())
        .compose(this::known);
  }

  private Future<Check> known(Check check) {
    UserStore accounts = users;
    if (!(check instanceof Check.Valid valid) || accounts == null || knownUsers.contains(valid.user())) {
      return Future.succeededFuture(check);
    }
    return Future.fromCompletionStage(accounts.findById(valid.user()), vertx.getOrCreateContext())
        .map(
            found -> {
              if (found.isEmpty()) return (Check) new Check.Invalid();
              if (knownUsers.size() >= MAX_KNOWN_USERS) knownUsers.clear();
              knownUsers.add(valid.user());
              return check;
            });
  }

  private Check check(JsonObject claims) {
    if (claims == null) return new Check.Invalid();
    Object sub = claims.getValue("sub");
    Object exp = claims.getValue("exp");
    if (!(sub instanceof String subject) || !(exp instanceof Number expiry)) {
      return new Check.Invalid();
    }
    Optional<UserId> user = UserId.parse(subject);
    if (user.isEmpty()) return new Check.Invalid();
    long expiresAt = expiry.longValue() * 1000;
    if (clock.millis() >= expiresAt) return new Check.Expired();
    return new Check.Valid(user.get(), expiresAt);
  }

  /** A token and the epoch millis at which it expires. */
  public record Issued(String token, long expiresAt) {}

  /** What {@link #verify} answers. */
  public sealed interface Check {
    /** A good token for {@code user}, expiring at {@code expiresAt} epoch millis. */
    record Valid(UserId user, long expiresAt) implements Check {}

    /** A genuine token whose lifetime is over. */
    record Expired() implements Check {}

    /** No token, or a malformed, forged or foreign one. */
    record Invalid() implements Check {}
  }
}
