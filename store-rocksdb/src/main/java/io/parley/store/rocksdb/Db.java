package io.parley.store.rocksdb;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.BiPredicate;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The open database: its column families, and the native options they need, closed together. Thin
 * wrappers turn {@link RocksDBException} into {@link StoreException}.
 */
final class Db implements AutoCloseable {

  static final int FORMAT = 1;
  private static final byte[] FORMAT_KEY = "parley.format".getBytes(StandardCharsets.UTF_8);
  private static final long MB = 1024L * 1024;

  static {
    RocksDB.loadLibrary();
  }

  final RocksDB rocks;
  final ColumnFamilyHandle users;
  final ColumnFamilyHandle usernames;
  final ColumnFamilyHandle messages;
  final ColumnFamilyHandle conversationLog;
  final ColumnFamilyHandle conversationMeta;
  final ColumnFamilyHandle userConversations;
  final ColumnFamilyHandle inbox;
  final ColumnFamilyHandle idempotency;
  final ColumnFamilyHandle groups;
  final ColumnFamilyHandle userGroups;
  final ColumnFamilyHandle members;
  final ColumnFamilyHandle invites;
  final ColumnFamilyHandle groupInvites;

  private final List<ColumnFamilyHandle> handles;
  private final List<AutoCloseable> options;
  private final WriteOptions writeOptions;

  private Db(
      RocksDB rocks,
      List<ColumnFamilyHandle> handles,
      List<AutoCloseable> options,
      WriteOptions writeOptions) {
    this.rocks = rocks;
    this.handles = handles;
    this.options = options;
    this.writeOptions = writeOptions;
    this.users = handles.get(1);
    this.usernames = handles.get(2);
    this.messages = handles.get(3);
    this.conversationLog = handles.get(4);
    this.conversationMeta = handles.get(5);
    this.userConversations = handles.get(6);
    this.inbox = handles.get(7);
    this.idempotency = handles.get(8);
    this.groups = handles.get(9);
    this.userGroups = handles.get(10);
    this.members = handles.get(11);
    this.invites = handles.get(12);
    this.groupInvites = handles.get(13);
  }

  /** The column families, in the order of the handle fields; the first is RocksDB's default. */
  static final List<String> COLUMN_FAMILIES =
      List.of(
          "default",
          "users",
          "usernames",
          "messages",
          "conv_log",
          "conv_meta",
          "user_conv",
          "inbox",
          "idempotency",
          "groups",
          "user_groups",
          "conv_members",
          "invites",
          "group_invites");

  static Db open(RocksDbConfig config) {
    List<AutoCloseable> options = new ArrayList<>();
    try {
      Files.createDirectories(config.dir());
      LRUCache cache = track(options, new LRUCache(config.blockCacheMb() * MB));
      BloomFilter bloom = track(options, new BloomFilter(10));
      var table =
          new BlockBasedTableConfig()
              .setBlockCache(cache)
              .setFilterPolicy(bloom)
              .setBlockSize(16 * 1024)
              .setCacheIndexAndFilterBlocks(true)
              .setPinL0FilterAndIndexBlocksInCache(true);
      ColumnFamilyOptions family =
          track(options, new ColumnFamilyOptions())
              .setTableFormatConfig(table)
              .setWriteBufferSize(Math.max(1, config.writeBufferMb() / 2) * MB)
              .setCompressionType(CompressionType.LZ4_COMPRESSION)
              .setLevelCompactionDynamicLevelBytes(true);
      DBOptions db =
          track(options, new DBOptions())
              .setCreateIfMissing(true)
              .setCreateMissingColumnFamilies(true)
              .setDbWriteBufferSize(config.writeBufferMb() * MB)
              .setMaxBackgroundJobs(2)
              .setBytesPerSync(MB);
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      for (String name : COLUMN_FAMILIES) {
        descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), family));
      }
      List<ColumnFamilyHandle> handles = new ArrayList<>();
      RocksDB rocks = RocksDB.open(db, config.dir().toString(), descriptors, handles);
      WriteOptions write = track(options, new WriteOptions().setSync(config.syncWrites()));
      Db result = new Db(rocks, handles, options, write);
      try {
        result.checkFormat();
      } catch (RuntimeException | RocksDBException e) {
        result.release();
        throw e;
      }
      return result;
    } catch (Exception e) {
      closeAll(options); // idempotent if release() ran
      throw e instanceof StoreException s
          ? s
          : new StoreException("cannot open " + config.dir(), e);
    }
  }

  private void checkFormat() throws RocksDBException {
    byte[] format = rocks.get(FORMAT_KEY);
    if (format == null) {
      if (lastKey(users) != null || lastKey(messages) != null) {
        throw new StoreException("the database has data but no format marker");
      }
      rocks.put(writeOptions, FORMAT_KEY, new byte[] {FORMAT});
    } else if (format.length != 1 || format[0] != FORMAT) {
      throw new StoreException("unsupported database format " + Arrays.toString(format));
    }
  }

  byte[] get(ColumnFamilyHandle family, byte[] key) {
    try {
      return rocks.get(family, key);
    } catch (RocksDBException e) {
      throw new StoreException("read failed", e);
    }
  }

  /** The values of {@code keys} in {@code family}, null where absent, in the order of the keys. */
  List<byte[]> multiGet(ColumnFamilyHandle family, List<byte[]> keys) {
    if (keys.isEmpty()) return List.of();
    try {
      return rocks.multiGetAsList(Collections.nCopies(keys.size(), family), keys);
    } catch (RocksDBException e) {
      throw new StoreException("read failed", e);
    }
  }

  /**
   * Visits the entries of {@code family} with keys in [{@code lower}, {@code upper}) ({@code upper}
   * null: no bound), ascending or descending, until {@code visitor} answers false. Answers true if
   * the visitor stopped before the range was exhausted.
   */
  boolean scan(
      ColumnFamilyHandle family,
      byte[] lower,
      byte[] upper,
      boolean descending,
      BiPredicate<byte[], byte[]> visitor) {
    try (Slice low = new Slice(lower);
        Slice high = upper == null ? null : new Slice(upper);
        ReadOptions options = new ReadOptions().setIterateLowerBound(low)) {
      if (high != null) options.setIterateUpperBound(high);
      try (RocksIterator it = rocks.newIterator(family, options)) {
        if (descending) {
          it.seekToLast();
        } else {
          it.seekToFirst();
        }
        while (it.isValid()) {
          if (!visitor.test(it.key(), it.value())) return true;
          if (descending) {
            it.prev();
          } else {
            it.next();
          }
        }
        it.status();
        return false;
      }
    } catch (RocksDBException e) {
      throw new StoreException("scan failed", e);
    }
  }

  /** The greatest key of {@code family}, or null if it is empty. */
  byte[] lastKey(ColumnFamilyHandle family) throws RocksDBException {
    try (RocksIterator it = rocks.newIterator(family)) {
      it.seekToLast();
      if (it.isValid()) return it.key();
      it.status();
      return null;
    }
  }

  /** Writes {@code batch} atomically (and synced, if so configured). */
  void write(WriteBatch batch) throws RocksDBException {
    rocks.write(writeOptions, batch);
  }

  /** Syncs the log, flushes the memtables and releases everything. Call once, after all use. */
  @Override
  public void close() {
    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      rocks.flushWal(true);
      rocks.flush(flush, handles);
    } catch (RocksDBException e) {
      throw new StoreException("flush on close failed", e);
    } finally {
      release();
    }
  }

  private void release() {
    for (ColumnFamilyHandle handle : handles) handle.close();
    rocks.close();
    closeAll(options);
  }

  private static <T extends AutoCloseable> T track(List<AutoCloseable> list, T resource) {
    list.add(resource);
    return resource;
  }

  private static void closeAll(List<AutoCloseable> resources) {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception ignored) {
        // native options: nothing useful to do
      }
    }
  }
}
