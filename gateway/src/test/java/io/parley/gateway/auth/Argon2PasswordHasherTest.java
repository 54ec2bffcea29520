package io.parley.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.gateway.OverloadedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class Argon2PasswordHasherTest {

  private static final Argon2PasswordHasher hasher = new Argon2PasswordHasher(2);

  @AfterAll
  static void close() {
    hasher.close();
  }

  private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  @Test
  void hashIsPhcEncodedArgon2idWithDefaultCost() {
    String hash = join(hasher.hash("correct horse"));
    assertThat(hash)
        .matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
  }

  @Test
  void rightPasswordVerifiesAndWrongOneDoesNot() {
    String hash = join(hasher.hash("correct horse"));
    assertThat(join(hasher.verify("correct horse", hash))).isTrue();
    assertThat(join(hasher.verify("correct horsf", hash))).isFalse();
    assertThat(join(hasher.verify("", hash))).isFalse();
  }

  @Test
  void samePasswordGetsDifferentSalts() {
    String one = join(hasher.hash("same password"));
    String two = join(hasher.hash("same password"));
    assertThat(one).isNotEqualTo(two);
    assertThat(one.split("\\$")[4]).isNotEqualTo(two.split("\\$")[4]);
  }

  @Test
  void nonAsciiPasswordsWork() {
    String hash = join(hasher.hash("pässwörd-密码-🔑"));
    assertThat(join(hasher.verify("pässwörd-密码-🔑", hash))).isTrue();
    assertThat(join(hasher.verify("passwörd-密码-🔑", hash))).isFalse();
  }

  @Test
  void malformedHashesNeverVerify() {
    assertThat(join(hasher.verify("pw", null))).isFalse();
    assertThat(join(hasher.verify("pw", "plain"))).isFalse();
    String saltAndHash = "$" + "A".repeat(22) + "$" + "A".repeat(43);
    assertThat(join(hasher.verify("pw", "$argon2i$v=19$m=19456,t=2,p=1" + saltAndHash))).isFalse();
    assertThat(join(hasher.verify("pw", "$argon2id$v=19$m=99999999,t=2,p=1" + saltAndHash)))
        .isFalse();
  }

  @Test
  void hashesWithOtherParametersStillVerify() {
    try (var cheap = new Argon2PasswordHasher(1, 4, 64, 1)) {
      String hash = join(cheap.hash("password1"));
      assertThat(hash).startsWith("$argon2id$v=19$m=64,t=1,p=1$");
      assertThat(join(hasher.verify("password1", hash))).isTrue();
    }
  }

  @Test
  void fullQueueFailsFastWithOverloaded() {
    try (var tiny = new Argon2PasswordHasher(1, 1, 19 * 1024, 2)) {
      List<CompletableFuture<String>> all = new ArrayList<>();
      for (int i = 0; i < 10; i++) all.add(tiny.hash("password" + i).toCompletableFuture());
      List<CompletableFuture<String>> refused =
          all.stream().filter(CompletableFuture::isCompletedExceptionally).toList();
      assertThat(refused).isNotEmpty();
      assertThatThrownBy(refused.get(0)::join)
          .isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(OverloadedException.class);
    }
  }
}
