package io.parley.app.config;

/** One configuration key: its dotted name, default (null = unset) and a line of documentation. */
public record Setting(String key, String defaultValue, String description) {

  /** The environment variable that overrides this key: {@code server.port} -> PARLEY_SERVER_PORT. */
  public String environmentVariable() {
    return "PARLEY_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
