package io.parley.bench.scenario;

import io.parley.bench.load.Ledger;
import io.parley.bench.load.OpenLoop;
import io.parley.bench.users.UserPool.BenchUser;
import io.parley.client.ConnectOptions;
import io.parley.client.ParleyConnection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code reconnect}: 1:1 messages at R/s while random connections drop (as a network failure would)
 * and come back: the SDK reconnects, resends what was in flight and resumes from its cursor.
 * Nothing may be lost, repeated or reordered.
 */
public final class ReconnectScenario implements Scenario {
  private final int users;
  private final double rate;
  private final Duration dropEvery;
  private final int size;

  public ReconnectScenario(int users, double rate, Duration dropEvery, int size) {
    if (users < 2) {
      throw new IllegalArgumentException("reconnect needs at least 2 users");
    }
    this.users = users;
    this.rate = rate;
    this.dropEvery = dropEvery;
    this.size = size;
  }

  @Override
  public String name() {
    return "reconnect";
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("users", users);
    p.put("rate", rate);
    p.put("drop_every", dropEvery.toMillis() + "ms per connection");
    p.put("content_bytes", size);
    return p;
  }

  @Override
  public void run(BenchContext ctx) throws Exception {
    List<BenchUser> list = ctx.users(users);
    MessageLoad load =
        new MessageLoad(
            ctx, list, DirectScenario.capacity(ctx, rate), null, DirectScenario.ONE_TO_ONE, size);
    load.connectAll(DirectScenario.bench(new ConnectOptions().autoReconnect(true)), 256);
    ctx.monitor().rate("drops", "drops");
    load.startMonitor();
    MessageLoad.Schedule s = load.schedule();
    SplittableRandom dropRandom = ctx.random().split();
    double dropRate = users / (dropEvery.toMillis() / 1000.0);
    Thread dropper =
        OpenLoop.start(
            "bench-dropper",
            dropRate,
            s.start(),
            s.end(),
            Long.MAX_VALUE,
            () -> false,
            null,
            (k, intended) -> {
              load.connection(dropRandom.nextInt(users)).dropConnection();
              ctx.counters().increment("drops_requested");
            });
    SplittableRandom random = ctx.random();
    load.send(rate, s, (k, pick) -> DirectScenario.randomPair(random, users, pick));
    dropper.join();
    Ledger.Tally tally = load.drain();
    load.fill(ctx.report(), tally);
    long reconnects = 0;
    long notOpen = 0;
    for (int i = 0; i < users; i++) {
      ParleyConnection c = load.connection(i);
      reconnects += c.reconnects();
      if (!c.isOpen()) {
        notOpen++;
      }
    }
    var r = ctx.report().results();
    r.put("drops_requested", ctx.counters().get("drops_requested"));
    r.put("reconnects", reconnects);
    r.put("resumes", ctx.counters().get("resumes"));
    r.put("resumed_messages", ctx.counters().get("resumed_messages"));
    ctx.report().checks().put("connections_not_back", notOpen);
    load.closeAll();
  }
}
