package io.parley.cluster.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A Lua script shipped as a resource beside this class (with the shared functions of {@code
 * prelude.lua} put before it), run by its SHA-1 ({@code EVALSHA}). A Redis that has forgotten it
 * (restarted, failed over) answers NOSCRIPT; the script is then sent whole ({@code EVAL}, which
 * also caches it again) and {@code onReload} runs right after that retry was dispatched, on the
 * same thread, so what it dispatches comes after the retry. Failures, even those raised while
 * dispatching, come back as a failed stage.
 */
final class LuaScript {

  private static final String PRELUDE = read("prelude.lua");

  private final String name;
  private final String body;
  private final String sha;

  private LuaScript(String name, String body) {
    this.name = name;
    this.body = body;
    this.sha = sha1(body);
  }

  /** The script {@code <name>.lua}, after the functions of {@code prelude.lua} it may use. */
  static LuaScript load(String name) {
    return new LuaScript(name, PRELUDE + read(name + ".lua"));
  }

  private static String read(String resource) {
    try (InputStream in = LuaScript.class.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("missing script resource " + resource);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String name() {
    return name;
  }

  /**
   * Sends the script to Redis ({@code SCRIPT LOAD}), so that a run dispatched after this on the
   * same connection cannot meet NOSCRIPT and have its retry overtaken by later commands. For
   * sequences of scripts whose order matters. A failure here only means the run may retry.
   */
  void preload(RedisAsyncCommands<String, byte[]> commands) {
    try {
      commands.scriptLoad(body.getBytes(StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      // the run that follows fails the same way, and reports it
    }
  }

  <T> CompletionStage<T> run(
      RedisAsyncCommands<String, byte[]> commands,
      ScriptOutputType type,
      String[] keys,
      byte[][] args,
      Runnable onReload) {
    CompletionStage<T> first;
    try {
      first = commands.evalsha(sha, type, keys, args);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return first
        .handle(
            (result, error) -> {
              if (error == null) return CompletableFuture.completedFuture(result);
              Throwable cause = error instanceof CompletionException ? error.getCause() : error;
              if (!(cause instanceof RedisNoScriptException)) {
                return CompletableFuture.<T>failedFuture(cause);
              }
              CompletionStage<T> retry = commands.eval(body, type, keys, args);
              onReload.run();
              return retry;
            })
        .thenCompose(stage -> stage);
  }

  private static String sha1(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-1");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is always there", e);
    }
  }
}
