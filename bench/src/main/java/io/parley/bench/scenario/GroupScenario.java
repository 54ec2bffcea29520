package io.parley.bench.scenario;

import io.parley.bench.load.Ledger;
import io.parley.bench.load.Receiver;
import io.parley.bench.users.Failures;
import io.parley.bench.users.UserPool.BenchUser;
import io.parley.client.ConnectOptions;
import io.parley.client.Group;
import io.parley.client.ParleyException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * {@code group}: G groups of M members (distinct users, all online), R group messages/s from random
 * members; the latency that counts is to the last member. Needs the group API ({@code POST
 * /groups/create} and {@code send} with {@code group_id}); a server without it fails the scenario
 * with a clear message instead of a fake result.
 */
public final class GroupScenario implements Scenario {
  public static final int MAX_MEMBERS = 1000;

  private final int groups;
  private final int members;
  private final double rate;
  private final int size;

  public GroupScenario(int groups, int members, double rate, int size) {
    if (members < 2 || members > MAX_MEMBERS) {
      throw new IllegalArgumentException("--members must be within 2.." + MAX_MEMBERS);
    }
    if (groups < 1 || (long) groups * members * groups > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("--groups out of range");
    }
    this.groups = groups;
    this.members = members;
    this.rate = rate;
    this.size = size;
  }

  @Override
  public String name() {
    return "group";
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("groups", groups);
    p.put("members", members);
    p.put("rate", rate);
    p.put("content_bytes", size);
    return p;
  }

  @Override
  public void run(BenchContext ctx) throws Exception {
    List<BenchUser> users = ctx.users(groups * members);
    String[] groupIds = createGroups(ctx, users);
    Receiver.Addressing addressing =
        new Receiver.Addressing() {
          @Override
          public int expected(int group) {
            return members - 1; // every member but the sender
          }

          @Override
          public int orderKey(int sender, int group) {
            return sender * groups + group;
          }

          @Override
          public void recipients(int sender, int group, IntConsumer recipient) {
            for (int m = group * members; m < (group + 1) * members; m++) {
              if (m != sender) {
                recipient.accept(m);
              }
            }
          }
        };
    MessageLoad load =
        new MessageLoad(ctx, users, DirectScenario.capacity(ctx, rate), groupIds, addressing, size);
    load.connectAll(DirectScenario.bench(new ConnectOptions()), 256);
    load.startMonitor();
    SplittableRandom random = ctx.random();
    load.send(
        rate,
        load.schedule(),
        (k, pick) -> {
          int g = random.nextInt(groups);
          pick[0] = g * members + random.nextInt(members);
          pick[1] = g;
        });
    Ledger.Tally tally = load.drain();
    load.fill(ctx.report(), tally, load.verifyUndelivered(tally));
    load.closeAll();
  }

  private String[] createGroups(BenchContext ctx, List<BenchUser> users) {
    String[] ids = new String[groups];
    for (int g = 0; g < groups; g++) {
      BenchUser creator = users.get(g * members);
      List<String> others = new ArrayList<>();
      for (int m = 1; m < members; m++) {
        others.add(users.get(g * members + m).userId());
      }
      Group group;
      try {
        group =
            ctx.client()
                .groups()
                .create(creator.session(), "bench-" + ctx.runId() + "-" + g, others)
                .join();
      } catch (RuntimeException e) {
        ParleyException p = Failures.parley(e);
        if (p != null && (p.httpStatus() == 404 || p.httpStatus() == 405)) {
          throw new ScenarioException(
              "the server does not support groups yet: POST /groups/create answered HTTP "
                  + p.httpStatus()
                  + " "
                  + p.code()
                  + " - the group scenario needs the group API of docs/API.md");
        }
        throw new ScenarioException(
            "cannot create group "
                + g
                + ": "
                + Failures.code(e)
                + " "
                + (p == null ? e : p.getMessage()));
      }
      if (group.memberIds().size() != members) {
        throw new ScenarioException(
            "group "
                + group.groupId()
                + " has "
                + group.memberIds().size()
                + " members, expected "
                + members
                + " (creator included)");
      }
      ids[g] = group.groupId();
    }
    ctx.say("created %d group(s) of %d members", groups, members);
    return ids;
  }
}
