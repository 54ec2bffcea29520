package io.parley.client;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lets at most {@code max} WebSocket connects of one client run at a time; the others wait in
 * arrival order. Keeps a burst of thousands of connects (a load generator starting, every
 * connection coming back after a server restart) from overflowing the server's accept queue, where
 * dropped SYNs turn into second-long retransmits and connect timeouts.
 */
final class ConnectGate {
  private final int max;
  private final AtomicInteger running = new AtomicInteger();
  private final ConcurrentLinkedQueue<Runnable> waiting = new ConcurrentLinkedQueue<>();

  ConnectGate(int max) {
    this.max = max;
  }

  /** Runs the connect now or when a slot frees; it must call {@link #done()} exactly once. */
  void submit(Runnable connect) {
    waiting.add(connect);
    drain();
  }

  /** A connect finished, well or not. */
  void done() {
    running.decrementAndGet();
    drain();
  }

  int running() {
    return running.get();
  }

  int waiting() {
    return waiting.size();
  }

  private void drain() {
    while (!waiting.isEmpty()) {
      int now = running.get();
      if (now >= max) {
        return;
      }
      if (!running.compareAndSet(now, now + 1)) {
        continue;
      }
      Runnable next = waiting.poll();
      if (next == null) {
        running.decrementAndGet(); // another thread took it
        continue;
      }
      next.run();
    }
  }
}
