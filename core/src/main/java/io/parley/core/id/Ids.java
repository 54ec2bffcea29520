package io.parley.core.id;

import java.util.Optional;

/** Parsing shared by the id types. */
final class Ids {

  private static final int MAX_DIGITS = 19;

  private Ids() {}

  static Optional<Long> parsePositive(String text) {
    if (text == null || text.isEmpty() || text.length() > MAX_DIGITS) return Optional.empty();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') return Optional.empty();
    }
    try {
      long value = Long.parseLong(text);
      return value > 0 ? Optional.of(value) : Optional.empty();
    } catch (NumberFormatException overflow) {
      return Optional.empty();
    }
  }
}
