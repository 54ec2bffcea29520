package io.parley.bench;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Parses durations written as {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h} or seconds. */
public final class Durations implements CommandLine.ITypeConverter<Duration> {
  private static final Pattern FORM = Pattern.compile("(\\d+)(ms|s|m|h)?");

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  public static Duration parse(String value) {
    Matcher m = FORM.matcher(value.trim());
    if (!m.matches()) {
      try {
        return Duration.parse(value);
      } catch (RuntimeException e) {
        throw new CommandLine.TypeConversionException(
            "not a duration (like 500ms, 30s, 5m): " + value);
      }
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofSeconds(n);
    };
  }

  /** {@code 1.5s}, {@code 250ms}, {@code 2m30s}. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + "ms";
    }
    if (ms < 60_000) {
      return ms % 1000 == 0 ? ms / 1000 + "s" : String.format("%.1fs", ms / 1000.0);
    }
    long s = ms / 1000;
    return s / 60 + "m" + (s % 60 == 0 ? "" : s % 60 + "s");
  }

  public Durations() {}
}
