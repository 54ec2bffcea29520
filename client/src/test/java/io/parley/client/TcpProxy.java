package io.parley.client;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A TCP relay in front of the stub whose connections a test can cut, as a failing network does. */
final class TcpProxy implements AutoCloseable {
  private final NetServer server;
  private final NetClient client;
  private final List<NetSocket> sockets = new CopyOnWriteArrayList<>();

  private TcpProxy(Vertx vertx, int targetPort) {
    this.client = vertx.createNetClient();
    this.server =
        vertx
            .createNetServer()
            .connectHandler(
                inbound -> {
                  inbound.pause();
                  client
                      .connect(targetPort, "127.0.0.1")
                      .onSuccess(
                          outbound -> {
                            sockets.add(inbound);
                            sockets.add(outbound);
                            inbound.handler(outbound::write);
                            outbound.handler(inbound::write);
                            inbound.closeHandler(v -> outbound.close());
                            outbound.closeHandler(v -> inbound.close());
                            inbound.resume();
                          })
                      .onFailure(e -> inbound.close());
                });
  }

  static TcpProxy start(Vertx vertx, int targetPort) {
    TcpProxy proxy = new TcpProxy(vertx, targetPort);
    proxy.server.listen(0, "127.0.0.1").await();
    return proxy;
  }

  int port() {
    return server.actualPort();
  }

  /** Cuts every relayed connection: no WebSocket close frame, just TCP going away. */
  void cutAll() {
    sockets.forEach(NetSocket::close);
    sockets.clear();
  }

  @Override
  public void close() {
    server.close().await();
    client.close().await();
  }
}
