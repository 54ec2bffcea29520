package io.parley.app.config;

import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Merged configuration values with typed, validating accessors that name the key on error. */
public final class Config {

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private final Map<String, String> values;

  Config(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(values);
  }

  public Map<String, String> values() {
    return values;
  }

  /** The value, or null if unset. */
  public String string(String key) {
    requireKnown(key);
    return values.get(key);
  }

  public int integer(String key, int min, int max) {
    String raw = required(key);
    try {
      int value = Integer.parseInt(raw.trim());
      if (value < min || value > max) {
        throw new ConfigException(key + " must be between " + min + " and " + max + ": " + raw);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new ConfigException(key + " must be an integer: " + raw);
    }
  }

  public boolean bool(String key) {
    String raw = required(key).trim().toLowerCase(Locale.ROOT);
    return switch (raw) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw new ConfigException(key + " must be true or false: " + raw);
    };
  }

  /** A duration such as {@code 250ms}, {@code 30s}, {@code 5m}, {@code 24h}, {@code 7d}. */
  public Duration duration(String key) {
    String raw = required(key).trim();
    Matcher m = DURATION.matcher(raw);
    if (!m.matches()) {
      throw new ConfigException(key + " must be a duration like 30s, 5m, 24h: " + raw);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  private String required(String key) {
    String value = string(key);
    if (value == null) throw new ConfigException(key + " must be set");
    return value;
  }

  private static void requireKnown(String key) {
    if (!Settings.isKnown(key)) throw new IllegalArgumentException("not a setting: " + key);
  }
}
