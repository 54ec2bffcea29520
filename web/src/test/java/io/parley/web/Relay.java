package io.parley.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay between a browser and the server that a test can cut, block or make deaf, as a
 * failing network does — while the test itself keeps talking to the server directly.
 */
final class Relay implements AutoCloseable {

  private final ServerSocket listener;
  private final int targetPort;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile boolean blocked;
  private volatile boolean dropReplies;

  private Relay(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::acceptLoop, "relay-accept");
    accept.setDaemon(true);
    accept.start();
  }

  static Relay to(int targetPort) {
    try {
      return new Relay(targetPort);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Cuts every relayed connection and refuses new ones until {@link #unblock()}. */
  void block() {
    blocked = true;
    cutAll();
  }

  void unblock() {
    dropReplies = false;
    blocked = false;
  }

  /**
   * Keeps connections up but drops what the server answers (a request lands, its answer is lost).
   */
  void dropReplies() {
    dropReplies = true;
  }

  /** Closes every relayed connection: no WebSocket close frame, just TCP going away. */
  void cutAll() {
    for (Socket s : sockets) closeQuietly(s);
    sockets.clear();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      Socket inbound;
      try {
        inbound = listener.accept();
      } catch (IOException closed) {
        return;
      }
      if (blocked) {
        closeQuietly(inbound);
        continue;
      }
      Socket outbound;
      try {
        outbound = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        inbound.setTcpNoDelay(true);
        outbound.setTcpNoDelay(true);
      } catch (IOException refused) {
        closeQuietly(inbound);
        continue;
      }
      sockets.add(inbound);
      sockets.add(outbound);
      pump(inbound, outbound, false);
      pump(outbound, inbound, true);
    }
  }

  private void pump(Socket from, Socket to, boolean isReply) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  if (isReply && dropReplies) continue;
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException ignored) {
                // one side went away: close both
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
              }
            },
            "relay-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    cutAll();
  }
}
