package io.parley.core.message;

import io.parley.core.error.Problem;
import java.time.Duration;

/** What a send answers. */
public sealed interface SendResult {

  /** Stored durably ({@code duplicate}: an earlier send with the same client_msg_id). */
  record Sent(Message message, boolean duplicate) implements SendResult {}

  record Rejected(Problem problem) implements SendResult {}

  record RateLimited(Duration retryAfter) implements SendResult {}
}
