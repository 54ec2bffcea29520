package io.parley.cluster.redis;

import io.lettuce.core.ScriptOutputType;
import io.parley.core.delivery.PresenceRegistry;
import io.parley.core.id.UserId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link PresenceRegistry} of cluster mode: a user is online while some live node holds a
 * connection of theirs.
 *
 * <p>Each node counts its own connections per user and names itself in the directory entry {@code
 * <prefix>u:conns:<user id>} of the users with at least one ({@link NodeUsers}); readers ignore the
 * nodes named there that are no longer alive ({@link NodeRegistry}), so a node that dies without
 * cleaning up has all its users offline once its node TTL has passed. Only a user's first and last
 * connection on a node touch Redis, in one script that also answers whether another live node holds
 * the user, so exactly one node sees the user come online (and go offline) even when nodes race.
 * {@link #online} asks about all the users in one round trip, at a cost in Redis that grows with
 * the users asked, not with the number of nodes.
 *
 * <p>While Redis is unreachable the answers come from this node alone (the first connection here
 * counts as coming online, the last as going offline) and a warning is logged; the futures never
 * fail. Users of a node that died are not announced as offline to their contacts: they simply read
 * as offline from then on.
 */
public final class RedisPresenceRegistry implements PresenceRegistry {

  private static final Logger log = LoggerFactory.getLogger(RedisPresenceRegistry.class);
  private static final LuaScript ONLINE = LuaScript.load("online");

  private final RedisCluster redis;
  private final NodeUsers connections;
  private final WarnThrottle warnings = new WarnThrottle(log);

  public RedisPresenceRegistry(RedisCluster redis) {
    this.redis = redis;
    this.connections = redis.nodes().users(Keys.CONNECTIONS);
  }

  @Override
  public CompletionStage<Boolean> connected(UserId user) {
    return transition(connections.add(user), "connection");
  }

  @Override
  public CompletionStage<Boolean> disconnected(UserId user) {
    return transition(connections.remove(user), "disconnection");
  }

  @Override
  public CompletionStage<Set<UserId>> online(Collection<UserId> users) {
    List<UserId> asked = new ArrayList<>(new LinkedHashSet<>(users));
    Set<UserId> here = new HashSet<>();
    for (UserId user : asked) {
      if (connections.holds(user)) here.add(user);
    }
    if (asked.isEmpty() || here.size() == asked.size()) {
      return CompletableFuture.completedFuture(here);
    }
    if (!redis.isConnected()) {
      warnings.warn("Redis is unreachable: presence known for this node's users only", null);
      return CompletableFuture.completedFuture(here);
    }
    Keys keys = redis.keys();
    String[] entries = new String[1 + asked.size()];
    entries[0] = keys.nodes();
    for (int i = 0; i < asked.size(); i++) {
      entries[i + 1] = keys.directory(Keys.CONNECTIONS, asked.get(i));
    }
    return ONLINE
        .<List<Long>>run(redis.commands(), ScriptOutputType.MULTI, entries, new byte[0][], () -> {})
        .handle(
            (flags, error) -> {
              Set<UserId> result = new HashSet<>(here);
              if (error != null) {
                warnings.warn("Could not read presence from Redis", error);
                return result;
              }
              for (int i = 0; i < asked.size(); i++) {
                if (flags.get(i) == 1L) result.add(asked.get(i));
              }
              return result;
            });
  }

  private CompletionStage<Boolean> transition(NodeUsers.Change change, String what) {
    if (!change.changed()) return CompletableFuture.completedFuture(false);
    return change
        .heldElsewhere()
        .handle(
            (elsewhere, error) -> {
              if (error == null) return !elsewhere;
              warnings.warn("Could not record a " + what + " in Redis", error);
              return true;
            });
  }
}
