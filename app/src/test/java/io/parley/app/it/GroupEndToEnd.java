package io.parley.app.it;

import static io.parley.app.it.EndToEnd.PASSWORD;
import static io.parley.app.it.EndToEnd.randomName;

import io.parley.app.it.EndToEnd.Account;
import io.parley.client.ConnectOptions;
import io.parley.client.Message;
import io.parley.client.ParleyClient;
import io.parley.client.ParleyConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * Helpers of the group end-to-end suites, on top of {@link EndToEnd}: many users registered and
 * connected with a bounded number of requests in flight, and filters over what a member received.
 */
final class GroupEndToEnd {

  private GroupEndToEnd() {}

  /** A member online over one SDK connection, with everything that connection received. */
  record Online(Account account, ParleyConnection connection, Recorder recorder) {
    String id() {
      return account.id();
    }
  }

  /**
   * Registers {@code count} users with at most {@code inFlight} registrations at a time (each one
   * costs an Argon2 hash on the server). Sessions are minted as in {@link EndToEnd#newUsers}.
   */
  static Account[] register(ParleyClient client, int count, int inFlight, Duration timeout) {
    return inParallel(
            count,
            inFlight,
            timeout,
            i -> {
              String name = randomName();
              return client
                  .register(name, PASSWORD)
                  .thenApply(r -> new Account(name, PASSWORD, EndToEnd.session(r)));
            })
        .toArray(Account[]::new);
  }

  /** {@code count} new users, registered 8 at a time (see {@link #register}). */
  static Account[] users(ParleyClient client, int count) {
    return register(client, count, 8, Duration.ofSeconds(60));
  }

  /** Connects every account once, at most {@code inFlight} connects at a time. */
  static Online[] connect(ParleyClient client, Account[] accounts, int inFlight, Duration timeout) {
    ConnectOptions options = new ConnectOptions().autoReconnect(false);
    return inParallel(
            accounts.length,
            inFlight,
            timeout,
            i -> {
              Recorder recorder = new Recorder();
              return client
                  .connect(accounts[i].session(), options, recorder)
                  .thenApply(c -> new Online(accounts[i], c, recorder));
            })
        .toArray(Online[]::new);
  }

  /**
   * Makes {@code count} calls with at most {@code inFlight} of them outstanding; their results in
   * call order. Fails if any fails, or if they take longer than {@code timeout} in all.
   */
  static <T> List<T> inParallel(
      int count, int inFlight, Duration timeout, IntFunction<CompletableFuture<T>> call) {
    Semaphore permits = new Semaphore(inFlight);
    List<CompletableFuture<T>> all = new ArrayList<>(count);
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      for (int i = 0; i < count; i++) {
        if (!permits.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
          throw new AssertionError("calls did not finish within " + timeout);
        }
        all.add(call.apply(i).whenComplete((v, e) -> permits.release()));
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
          .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new AssertionError("a call failed", e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("calls did not finish within " + timeout, e);
    }
    return all.stream().map(CompletableFuture::join).toList();
  }

  static List<String> ids(Account... accounts) {
    return Arrays.stream(accounts).map(Account::id).toList();
  }

  /** How many times a message with this id was handed to the recorder. */
  static long timesReceived(Recorder recorder, String messageId) {
    return recorder.messages.stream().filter(m -> m.messageId().equals(messageId)).count();
  }

  /** The messages of one group, in the order given. */
  static List<Message> ofGroup(List<Message> messages, String groupId) {
    return messages.stream().filter(m -> groupId.equals(m.groupId())).toList();
  }

  /** The system messages of one group with this event type. */
  static List<Message> events(List<Message> messages, String groupId, String type) {
    return ofGroup(messages, groupId).stream()
        .filter(m -> m.event() != null && type.equals(m.event().type()))
        .toList();
  }

  /** The group's conversation id: {@code g-<group id>}. */
  static String conversationOf(String groupId) {
    return "g-" + groupId;
  }
}
