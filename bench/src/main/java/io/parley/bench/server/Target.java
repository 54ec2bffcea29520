package io.parley.bench.server;

import java.net.URI;
import java.util.OptionalLong;

/** The server under test: where it listens and, when it runs on this machine, its process id. */
public interface Target extends AutoCloseable {
  URI uri();

  /** The server's process id when known (for CPU and RSS sampling from /proc). */
  OptionalLong pid();

  /**
   * What identifies the server's accounts: its data directory when local, else its URL. Keys the
   * cache of registered bench users.
   */
  String accountsKey();

  /** True when the accounts vanish with the server (a temporary data directory): no cache. */
  boolean ephemeral();

  @Override
  void close();

  /** A server someone else runs. */
  static Target remote(URI uri, Long pid) {
    return new Target() {
      @Override
      public URI uri() {
        return uri;
      }

      @Override
      public OptionalLong pid() {
        return pid == null ? OptionalLong.empty() : OptionalLong.of(pid);
      }

      @Override
      public String accountsKey() {
        return uri.toString();
      }

      @Override
      public boolean ephemeral() {
        return false;
      }

      @Override
      public void close() {}
    };
  }
}
