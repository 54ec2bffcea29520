package io.parley.core.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.core.error.ErrorCode;
import io.parley.core.error.Problem;
import org.junit.jupiter.api.Test;

class AccountRulesTest {

  @Test
  void usernamesAreThreeToThirtyTwoSafeCharacters() {
    assertThat(AccountRules.checkUsername("alice")).isEmpty();
    assertThat(AccountRules.checkUsername("a.b-c_9")).isEmpty();
    assertThat(AccountRules.checkUsername("x".repeat(32))).isEmpty();
    for (String bad : new String[] {"ab", "x".repeat(33), "_alice", "al ice", "alicé", "<b>", ""}) {
      assertThat(AccountRules.checkUsername(bad))
          .as(bad)
          .map(Problem::code)
          .contains(ErrorCode.INVALID_USERNAME);
    }
    assertThat(AccountRules.checkUsername(null)).isPresent();
  }

  @Test
  void passwordsAreEightToOneHundredTwentyEightCharacters() {
    assertThat(AccountRules.checkPassword("12345678")).isEmpty();
    assertThat(AccountRules.checkPassword("1234567")).map(Problem::code).contains(ErrorCode.INVALID_PASSWORD);
    assertThat(AccountRules.checkPassword("x".repeat(129))).isPresent();
  }

  @Test
  void phonesAreOptionalButMustBeE164() {
    assertThat(AccountRules.checkPhone(null)).isEmpty();
    assertThat(AccountRules.checkPhone("+14155550123")).isEmpty();
    assertThat(AccountRules.checkPhone("4155550123")).map(Problem::code).contains(ErrorCode.INVALID_PHONE);
  }

  @Test
  void usernamesCompareIgnoringCase() {
    assertThat(AccountRules.canonical("Alice")).isEqualTo(AccountRules.canonical("aLICE"));
  }
}
