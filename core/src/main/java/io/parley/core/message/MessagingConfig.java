package io.parley.core.message;

/** Limits of the messaging core. */
public record MessagingConfig(int maxContentBytes, int defaultPageSize, int maxPageSize) {

  public static final int DEFAULT_MAX_CONTENT_BYTES = 64 * 1024;
  public static final int DEFAULT_PAGE_SIZE = 50;
  public static final int DEFAULT_MAX_PAGE_SIZE = 500;
  public static final int MAX_CLIENT_MSG_ID_LENGTH = 64;

  public static final MessagingConfig DEFAULTS =
      new MessagingConfig(DEFAULT_MAX_CONTENT_BYTES, DEFAULT_PAGE_SIZE, DEFAULT_MAX_PAGE_SIZE);

  public MessagingConfig {
    if (maxContentBytes < 1) throw new IllegalArgumentException("maxContentBytes must be > 0");
    if (defaultPageSize < 1 || defaultPageSize > maxPageSize) {
      throw new IllegalArgumentException("need 0 < defaultPageSize <= maxPageSize");
    }
  }
}
