package io.parley.core.account;

import io.parley.core.error.ErrorCode;
import io.parley.core.error.Problem;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Validation of usernames, passwords and phone numbers. */
public final class AccountRules {

  public static final int MIN_USERNAME = 3;
  public static final int MAX_USERNAME = 32;
  public static final int MIN_PASSWORD = 8;
  public static final int MAX_PASSWORD = 128;

  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{2,31}");
  private static final Pattern PHONE = Pattern.compile("\\+[1-9][0-9]{6,14}");

  private AccountRules() {}

  public static Optional<Problem> checkUsername(String username) {
    if (username == null || !USERNAME.matcher(username).matches()) {
      return Optional.of(
          Problem.of(
              ErrorCode.INVALID_USERNAME,
              "username must be "
                  + MIN_USERNAME
                  + "-"
                  + MAX_USERNAME
                  + " characters of A-Z a-z 0-9 _ . - and start with a letter or digit"));
    }
    return Optional.empty();
  }

  public static Optional<Problem> checkPassword(String password) {
    if (password == null
        || password.length() < MIN_PASSWORD
        || password.length() > MAX_PASSWORD) {
      return Optional.of(
          Problem.of(
              ErrorCode.INVALID_PASSWORD,
              "password must be " + MIN_PASSWORD + "-" + MAX_PASSWORD + " characters"));
    }
    return Optional.empty();
  }

  /** A null phone is fine (it is optional); a present one must be E.164. */
  public static Optional<Problem> checkPhone(String phone) {
    if (phone != null && !PHONE.matcher(phone).matches()) {
      return Optional.of(Problem.of(ErrorCode.INVALID_PHONE));
    }
    return Optional.empty();
  }

  /** The form under which usernames are compared and indexed. */
  public static String canonical(String username) {
    return username.toLowerCase(Locale.ROOT);
  }
}
