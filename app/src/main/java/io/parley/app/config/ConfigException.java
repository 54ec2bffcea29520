package io.parley.app.config;

/** Invalid configuration; the message names the offending keys. Fails start-up. */
public final class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
