package io.parley.store.rocksdb;

/**
 * RocksDB failed (I/O error, corruption, closed store): an infrastructure fault, not an outcome.
 */
public final class StoreException extends RuntimeException {

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreException(String message) {
    super(message);
  }
}
