package io.parley.bench.users;

import io.parley.client.ParleyClient;
import io.parley.client.ParleyException;
import io.parley.client.Session;
import io.vertx.core.json.JsonObject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bench's users: registered and logged in through the public API, concurrently but bounded
 * (Argon2id makes each register and login cost tens of milliseconds of server CPU, by design). With
 * a cache file, what was created is kept (usernames, passwords, ids, tokens) and reused on the next
 * run against the same server data, so 10,000 users cost minutes once instead of every run. The
 * file holds bench-only credentials in plain text: it lives under {@code target/}.
 */
public final class UserPool {
  /** A user ready to connect. */
  public record BenchUser(int index, String username, String userId, Session session) {}

  private static final class Entry {
    String username;
    String password;
    String userId;
    String token;
    long expiresAt;
  }

  private static final Duration TOKEN_MARGIN = Duration.ofHours(2);
  private static final int MAX_ATTEMPTS = 30;

  private final ParleyClient client;
  private final Path cacheFile;
  private final String prefix;
  private final String password;
  private final int parallelism;
  private final PrintStream log;
  private final List<Entry> entries = new ArrayList<>();

  /**
   * @param cacheFile where created users are kept between runs, or null for none
   * @param salt distinguishes this pool's usernames ({@code b<salt>-<n>}), 1-8 characters
   * @param log where progress goes, or null
   */
  public UserPool(
      ParleyClient client, Path cacheFile, String salt, int parallelism, PrintStream log) {
    this.client = client;
    this.cacheFile = cacheFile;
    this.prefix = "b" + salt + "-";
    this.password = "bench-" + salt + "-password";
    this.parallelism = Math.max(1, parallelism);
    this.log = log;
  }

  /** The first {@code count} users, created or logged in as needed. */
  public List<BenchUser> ensure(int count) throws InterruptedException {
    load();
    validateCachedTokens();
    while (entries.size() < count) {
      entries.add(null);
    }
    List<Integer> toRegister = new ArrayList<>();
    List<Integer> toLogin = new ArrayList<>();
    long freshUntil = System.currentTimeMillis() + TOKEN_MARGIN.toMillis();
    for (int i = 0; i < count; i++) {
      Entry e = entries.get(i);
      if (e == null || e.userId == null) {
        toRegister.add(i);
      } else if (e.token == null || e.expiresAt < freshUntil) {
        toLogin.add(i);
      }
    }
    if (!toRegister.isEmpty() || !toLogin.isEmpty()) {
      say(
          "users: %d wanted, %d cached, registering %d and logging in %d (%d in parallel)",
          count,
          count - toRegister.size() - toLogin.size(),
          toRegister.size(),
          toRegister.size() + toLogin.size(),
          parallelism);
    }
    toLogin.addAll(toRegister);
    runAll("register", toRegister, this::register);
    runAll("login", toLogin, this::login);
    List<BenchUser> users = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Entry e = entries.get(i);
      users.add(
          new BenchUser(i, e.username, e.userId, new Session(e.token, e.userId, e.expiresAt)));
    }
    return users;
  }

  private interface Op {
    void run(int index) throws InterruptedException;
  }

  private void runAll(String what, List<Integer> indices, Op op) throws InterruptedException {
    if (indices.isEmpty()) {
      return;
    }
    ExecutorService workers = Executors.newFixedThreadPool(parallelism);
    AtomicInteger done = new AtomicInteger();
    long start = System.nanoTime();
    try {
      List<Future<?>> all = new ArrayList<>();
      for (int index : indices) {
        all.add(
            workers.submit(
                () -> {
                  op.run(index);
                  int n = done.incrementAndGet();
                  if (n % 500 == 0) {
                    double s = (System.nanoTime() - start) / 1e9;
                    say("users: %s %d/%d (%.0f/s)", what, n, indices.size(), n / s);
                  }
                  return null;
                }));
      }
      for (Future<?> f : all) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException(
              "cannot " + what + " bench users: " + e.getCause().getMessage(), e.getCause());
        }
      }
    } finally {
      workers.shutdownNow();
      workers.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  private void register(int index) throws InterruptedException {
    Entry e = new Entry();
    e.username = prefix + index;
    e.password = password;
    try {
      e.userId = retrying(() -> client.register(e.username, e.password).join().userId());
    } catch (ParleyException taken) {
      if (!"USERNAME_TAKEN".equals(taken.code())) {
        throw taken;
      }
      // created by an earlier run whose cache is gone: the login below finds its id
    }
    synchronized (entries) {
      entries.set(index, e);
    }
  }

  private void login(int index) throws InterruptedException {
    Entry e;
    synchronized (entries) {
      e = entries.get(index);
    }
    Session s = retrying(() -> client.login(e.username, e.password).join());
    synchronized (entries) {
      e.userId = s.userId();
      e.token = s.token();
      e.expiresAt = s.expiresAt();
    }
    append(index, e);
  }

  private interface Call<T> {
    T call();
  }

  /** Retries what the server refuses for now (rate limits, overload, transport trouble). */
  private static <T> T retrying(Call<T> call) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.call();
      } catch (RuntimeException error) {
        ParleyException p = Failures.parley(error);
        if (p == null || !p.isRetryable() || attempt >= MAX_ATTEMPTS) {
          throw p != null ? p : error;
        }
        long wait = p.retryAfter().map(Duration::toMillis).orElse(500L);
        Thread.sleep(Math.min(wait, 10_000));
      }
    }
  }

  private void validateCachedTokens() {
    Entry first =
        entries.stream().filter(e -> e != null && e.token != null).findFirst().orElse(null);
    if (first == null) {
      return;
    }
    try {
      client.me(new Session(first.token, first.userId, first.expiresAt)).join();
    } catch (RuntimeException error) {
      ParleyException p = Failures.parley(error);
      String code = p == null ? "?" : p.code();
      if ("UNAUTHORIZED".equals(code) || "TOKEN_EXPIRED".equals(code)) {
        say("users: cached tokens are not accepted (%s): logging in again", code);
        entries.forEach(
            e -> {
              if (e != null) {
                e.token = null;
              }
            });
      } else if ("USER_NOT_FOUND".equals(code)) {
        say("users: the server does not know the cached users: creating new ones");
        entries.clear();
      } else {
        throw error;
      }
    }
  }

  private void load() {
    entries.clear();
    if (cacheFile == null || !Files.exists(cacheFile)) {
      return;
    }
    try {
      for (String line : Files.readAllLines(cacheFile, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        JsonObject json = new JsonObject(line);
        int index = json.getInteger("i");
        Entry e = new Entry();
        e.username = json.getString("username");
        e.password = json.getString("password");
        e.userId = json.getString("user_id");
        e.token = json.getString("token");
        e.expiresAt = json.getLong("expires_at", 0L);
        while (entries.size() <= index) {
          entries.add(null);
        }
        entries.set(index, e);
      }
    } catch (IOException | RuntimeException e) {
      say("users: ignoring an unreadable cache %s (%s)", cacheFile, e.getMessage());
      entries.clear();
    }
  }

  private synchronized void append(int index, Entry e) {
    if (cacheFile == null) {
      return;
    }
    JsonObject json =
        new JsonObject()
            .put("i", index)
            .put("username", e.username)
            .put("password", e.password)
            .put("user_id", e.userId)
            .put("token", e.token)
            .put("expires_at", e.expiresAt);
    try {
      Files.createDirectories(cacheFile.toAbsolutePath().getParent());
      try (BufferedWriter w =
          Files.newBufferedWriter(
              cacheFile,
              StandardCharsets.UTF_8,
              StandardOpenOption.CREATE,
              StandardOpenOption.APPEND)) {
        w.write(json.encode());
        w.newLine();
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private void say(String format, Object... args) {
    if (log != null) {
      log.println(String.format(format, args));
    }
  }
}
