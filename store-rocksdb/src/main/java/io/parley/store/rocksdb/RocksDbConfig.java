package io.parley.store.rocksdb;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of the embedded RocksDB store.
 *
 * @param dir where the database lives; created if missing
 * @param writeBufferMb memtable memory shared by all column families, in MiB
 * @param blockCacheMb block cache for reads, in MiB
 * @param maxBatch the most write requests the committer puts into one atomic, synced write
 * @param syncWrites fsync the write-ahead log before acknowledging a write: what makes an
 *     acknowledged message survive {@code kill -9} or power loss. Turn off only for benchmarks.
 */
public record RocksDbConfig(
    Path dir, int writeBufferMb, int blockCacheMb, int maxBatch, boolean syncWrites) {

  public static final int DEFAULT_WRITE_BUFFER_MB = 64;
  public static final int DEFAULT_BLOCK_CACHE_MB = 128;
  public static final int DEFAULT_MAX_BATCH = 1024;
  public static final boolean DEFAULT_SYNC_WRITES = true;

  public static final int MAX_WRITE_BUFFER_MB = 16 * 1024;
  public static final int MAX_BLOCK_CACHE_MB = 256 * 1024;
  public static final int MAX_MAX_BATCH = 100_000;

  public RocksDbConfig {
    Objects.requireNonNull(dir, "store.rocksdb.dir");
    check("store.rocksdb.write-buffer-mb", writeBufferMb, 1, MAX_WRITE_BUFFER_MB);
    check("store.rocksdb.block-cache-mb", blockCacheMb, 1, MAX_BLOCK_CACHE_MB);
    check("store.rocksdb.max-batch", maxBatch, 1, MAX_MAX_BATCH);
  }

  /** The defaults, storing in {@code dir}. */
  public static RocksDbConfig defaults(Path dir) {
    return new RocksDbConfig(
        dir,
        DEFAULT_WRITE_BUFFER_MB,
        DEFAULT_BLOCK_CACHE_MB,
        DEFAULT_MAX_BATCH,
        DEFAULT_SYNC_WRITES);
  }

  private static void check(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be between " + min + " and " + max + ": " + value);
    }
  }
}
