package io.parley.bench.scenario;

import io.parley.bench.load.Ledger;
import io.parley.bench.load.Receiver;
import io.parley.bench.users.UserPool.BenchUser;
import io.parley.client.ConnectOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/** {@code direct}: U users online, 1:1 messages to random peers at R messages/s in total. */
public final class DirectScenario implements Scenario {
  /** Addressing of 1:1 messages: one delivery, ordered per (sender, receiver) conversation. */
  static final Receiver.Addressing ONE_TO_ONE =
      new Receiver.Addressing() {
        @Override
        public int expected(int group) {
          return 1;
        }

        @Override
        public int orderKey(int sender, int group) {
          return sender;
        }

        @Override
        public void recipients(int sender, int target, IntConsumer recipient) {
          recipient.accept(target);
        }
      };

  private final int users;
  private final double rate;
  private final int size;

  public DirectScenario(int users, double rate, int size) {
    if (users < 2) {
      throw new IllegalArgumentException("direct needs at least 2 users");
    }
    this.users = users;
    this.rate = rate;
    this.size = size;
  }

  @Override
  public String name() {
    return "direct";
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("users", users);
    p.put("rate", rate);
    p.put("content_bytes", size);
    return p;
  }

  @Override
  public void run(BenchContext ctx) throws Exception {
    List<BenchUser> list = ctx.users(users);
    MessageLoad load = new MessageLoad(ctx, list, capacity(ctx, rate), null, ONE_TO_ONE, size);
    load.connectAll(bench(new ConnectOptions()), 256);
    load.startMonitor();
    SplittableRandom random = ctx.random();
    load.send(rate, load.schedule(), (k, pick) -> randomPair(random, users, pick));
    Ledger.Tally tally = load.drain();
    load.fill(ctx.report(), tally, load.verifyUndelivered(tally));
    load.closeAll();
  }

  /** Sender and a different receiver, uniformly at random. */
  static void randomPair(SplittableRandom random, int users, int[] pick) {
    int sender = random.nextInt(users);
    int receiver = random.nextInt(users - 1);
    pick[0] = sender;
    pick[1] = receiver >= sender ? receiver + 1 : receiver;
  }

  /** Room for every message the schedule can send. */
  static int capacity(BenchContext ctx, double rate) {
    double seconds = ctx.options().warmup.plus(ctx.options().duration).toMillis() / 1000.0;
    long n = (long) Math.ceil(rate * seconds) + 16;
    if (n > 50_000_000) {
      throw new IllegalArgumentException("more than 50 million messages in one run: shorten it");
    }
    return (int) n;
  }

  /** Connection options of bench users: quick reconnects, no give-up. */
  static ConnectOptions bench(ConnectOptions o) {
    return o.initialBackoff(java.time.Duration.ofMillis(50))
        .maxBackoff(java.time.Duration.ofSeconds(2))
        .readyTimeout(java.time.Duration.ofSeconds(30));
  }
}
