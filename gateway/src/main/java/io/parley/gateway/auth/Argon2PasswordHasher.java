package io.parley.gateway.auth;

import io.parley.core.account.PasswordHasher;
import io.parley.gateway.OverloadedException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashing (Bouncy Castle), encoded as a PHC string: {@code
 * $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} (unpadded standard Base64).
 *
 * <p>Hashing is slow and memory-hungry by design (19 MiB, tens of milliseconds), so it runs on a
 * pool of its own with a bounded queue. When the queue is full the call fails at once with an
 * {@link OverloadedException} (answered as {@code 503 UNAVAILABLE}) instead of queueing forever.
 * Verification reads the parameters from the encoded hash, so hashes made with other parameters
 * keep working.
 */
public final class Argon2PasswordHasher implements PasswordHasher, AutoCloseable {

  public static final int DEFAULT_MEMORY_KIB = 19 * 1024;
  public static final int DEFAULT_ITERATIONS = 2;
  public static final int PARALLELISM = 1;
  public static final int SALT_BYTES = 16;
  public static final int HASH_BYTES = 32;

  /** Queued hashing jobs allowed per thread before new ones are refused. */
  public static final int DEFAULT_QUEUE_PER_THREAD = 64;

  /** Encoded hashes asking for more memory than this are refused, not computed. */
  public static final int MAX_MEMORY_KIB = 1024 * 1024;

  private static final Pattern PHC =
      Pattern.compile(
          "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})"
              + "\\$([A-Za-z0-9+/]{11,64})\\$([A-Za-z0-9+/]{16,128})");
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

  private final int memoryKib;
  private final int iterations;
  private final ThreadPoolExecutor executor;
  private final SecureRandom random = new SecureRandom();

  /** Default parameters (m=19 MiB, t=2, p=1) on {@code threads} threads. */
  public Argon2PasswordHasher(int threads) {
    this(threads, threads * DEFAULT_QUEUE_PER_THREAD, DEFAULT_MEMORY_KIB, DEFAULT_ITERATIONS);
  }

  /**
   * Custom cost (e.g. cheaper hashes for tests and load generators).
   *
   * @param threads worker threads
   * @param queueCapacity jobs that may wait for a thread; more are refused
   * @param memoryKib Argon2 memory cost in KiB (at least 8)
   * @param iterations Argon2 time cost (at least 1)
   */
  public Argon2PasswordHasher(int threads, int queueCapacity, int memoryKib, int iterations) {
    if (threads < 1) throw new IllegalArgumentException("threads must be >= 1");
    if (queueCapacity < 1) throw new IllegalArgumentException("queueCapacity must be >= 1");
    if (memoryKib < 8 || memoryKib > MAX_MEMORY_KIB) {
      throw new IllegalArgumentException("memoryKib must be in 8.." + MAX_MEMORY_KIB);
    }
    if (iterations < 1) throw new IllegalArgumentException("iterations must be >= 1");
    this.memoryKib = memoryKib;
    this.iterations = iterations;
    AtomicInteger counter = new AtomicInteger();
    this.executor =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(queueCapacity),
            r -> {
              Thread thread = new Thread(r, "parley-argon2-" + counter.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            },
            new ThreadPoolExecutor.AbortPolicy());
  }

  @Override
  public CompletionStage<String> hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    return submit(() -> encode(salt, derive(password, salt, memoryKib, iterations, HASH_BYTES)));
  }

  @Override
  public CompletionStage<Boolean> verify(String password, String encodedHash) {
    Matcher m = encodedHash == null ? null : PHC.matcher(encodedHash);
    if (m == null || !m.matches()) return CompletableFuture.completedFuture(false);
    int memory = Integer.parseInt(m.group(1));
    int time = Integer.parseInt(m.group(2));
    int parallelism = Integer.parseInt(m.group(3));
    if (parallelism != PARALLELISM || memory < 8 || memory > MAX_MEMORY_KIB || time < 1) {
      return CompletableFuture.completedFuture(false);
    }
    byte[] salt;
    byte[] expected;
    try {
      salt = B64_DECODER.decode(m.group(4));
      expected = B64_DECODER.decode(m.group(5));
    } catch (IllegalArgumentException badBase64) {
      return CompletableFuture.completedFuture(false);
    }
    return submit(
        () ->
            MessageDigest.isEqual(expected, derive(password, salt, memory, time, expected.length)));
  }

  private <T> CompletionStage<T> submit(Supplier<T> work) {
    try {
      return CompletableFuture.supplyAsync(work, executor);
    } catch (RejectedExecutionException full) {
      return CompletableFuture.failedFuture(
          new OverloadedException("too many password hashes in progress"));
    }
  }

  private String encode(byte[] salt, byte[] hash) {
    return "$argon2id$v=19$m="
        + memoryKib
        + ",t="
        + iterations
        + ",p="
        + PARALLELISM
        + "$"
        + B64.encodeToString(salt)
        + "$"
        + B64.encodeToString(hash);
  }

  private static byte[] derive(String password, byte[] salt, int memory, int time, int length) {
    Argon2Parameters params =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(memory)
            .withIterations(time)
            .withParallelism(PARALLELISM)
            .withSalt(salt)
            .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(params);
    byte[] out = new byte[length];
    byte[] secret = password.getBytes(StandardCharsets.UTF_8);
    try {
      generator.generateBytes(secret, out);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
    return out;
  }

  /** Stops the workers; queued jobs are dropped. */
  @Override
  public void close() {
    executor.shutdownNow();
  }
}
