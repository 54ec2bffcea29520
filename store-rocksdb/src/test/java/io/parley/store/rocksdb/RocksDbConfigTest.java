package io.parley.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RocksDbConfigTest {

  private static final Path DIR = Path.of("data");

  @Test
  void defaultsAreValidAndSynced() {
    RocksDbConfig config = RocksDbConfig.defaults(DIR);

    assertThat(config.syncWrites()).isTrue();
    assertThat(config.maxBatch()).isEqualTo(RocksDbConfig.DEFAULT_MAX_BATCH);
    assertThat(config.writeBufferMb()).isEqualTo(RocksDbConfig.DEFAULT_WRITE_BUFFER_MB);
    assertThat(config.blockCacheMb()).isEqualTo(RocksDbConfig.DEFAULT_BLOCK_CACHE_MB);
  }

  @Test
  void invalidSettingsAreRejectedByName() {
    assertThatThrownBy(() -> new RocksDbConfig(null, 64, 64, 10, true))
        .hasMessageContaining("store.rocksdb.dir");
    assertThatThrownBy(() -> new RocksDbConfig(DIR, 0, 64, 10, true))
        .hasMessageContaining("store.rocksdb.write-buffer-mb");
    assertThatThrownBy(() -> new RocksDbConfig(DIR, 64, 0, 10, true))
        .hasMessageContaining("store.rocksdb.block-cache-mb");
    assertThatThrownBy(() -> new RocksDbConfig(DIR, 64, 64, 0, true))
        .hasMessageContaining("store.rocksdb.max-batch");
  }
}
