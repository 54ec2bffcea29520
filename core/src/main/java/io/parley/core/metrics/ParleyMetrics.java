package io.parley.core.metrics;

/** Port: what the core reports. Adapters map these to Micrometer; the default does nothing. */
public interface ParleyMetrics {

  ParleyMetrics NONE = new ParleyMetrics() {};

  /** A new message was stored. */
  default void messageSent() {}

  /** A send was answered with an earlier message (same client_msg_id). */
  default void duplicateSend() {}

  /** A request was refused by a rate limit. */
  default void rateLimited(String scope) {}

  /** A batch of {@code writes} was made durable in {@code nanos}. */
  default void storeCommit(long nanos, int writes) {}
}
