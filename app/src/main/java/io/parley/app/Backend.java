package io.parley.app;

import io.parley.app.cache.CachingGroupStore;
import io.parley.core.account.UserStore;
import io.parley.core.delivery.EventBus;
import io.parley.core.delivery.PresenceRegistry;
import io.parley.core.message.MessageStore;
import io.parley.core.ratelimit.RateLimiter;

/**
 * What the domain services of one node run on, chosen by the {@code mode} setting: the stores, the
 * event bus, the presence registry and the rate limiter ({@link EmbeddedBackend}, {@link
 * ClusterBackend}). The server closes it after its gateway has drained.
 */
interface Backend extends AutoCloseable {

  /** The {@code mode} setting's values. */
  enum Mode {
    EMBEDDED,
    CLUSTER
  }

  Mode mode();

  UserStore users();

  MessageStore messages();

  /** The group store behind this node's member-list cache. */
  CachingGroupStore groups();

  EventBus bus();

  PresenceRegistry presence();

  RateLimiter limiter();

  /** Where the data lives, for the start-up log line. */
  String describe();

  /** Releases the engines; requests still running may fail. */
  @Override
  void close();
}
