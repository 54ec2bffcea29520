package io.parley.bench.scenario;

import java.util.Map;

/**
 * {@code users}: only creates (or logs in) the bench users and caches them, e.g. to prepare a data
 * directory for {@code --data-from} once: registering 10,000 users takes minutes (Argon2id).
 */
public final class UsersScenario implements Scenario {
  private final int users;

  public UsersScenario(int users) {
    this.users = users;
  }

  @Override
  public String name() {
    return "users";
  }

  @Override
  public Map<String, Object> parameters() {
    return Map.of("users", users);
  }

  @Override
  public void run(BenchContext ctx) throws Exception {
    ctx.monitor().start();
    ctx.users(users);
    ctx.report().results().put("users", users);
  }
}
