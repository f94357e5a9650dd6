package dev.herald.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Runs one Lua script by its digest ({@code EVALSHA}), and by its text ({@code EVAL}, which also
 * loads it) when the server answers {@code NOSCRIPT}: a server that restarted, or a cluster master
 * that never ran it. The text travels only then, not with every call.
 *
 * <p>Instances are immutable.
 */
final class LuaScript {
  private final String text;
  private final String digest;

  LuaScript(String text) {
    this.text = text;
    try {
      byte[] sha1 =
          MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
      this.digest = HexFormat.of().formatHex(sha1);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-1", e);
    }
  }

  /** Runs the script on {@code keys} with {@code args}; never throws, the stage fails instead. */
  <T> CompletionStage<T> run(
      RedisClusterAsyncCommands<String, byte[]> commands,
      ScriptOutputType type,
      String[] keys,
      byte[]... args) {
    try {
      return commands
          .<T>evalsha(digest, type, keys, args)
          .exceptionallyCompose(
              error ->
                  unwrap(error) instanceof RedisNoScriptException
                      ? commands.<T>eval(text, type, keys, args)
                      : CompletableFuture.failedStage(unwrap(error)));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }
}
