package io.parley.client;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The servers a client may talk to — the base URI and its fallbacks, e.g. the nodes of a cluster —
 * and which one is in use. Everything goes to the current one; when it fails at the transport level
 * (refused, reset, or a WebSocket closed with 1001 because the node is going away) the next one
 * becomes current, round the list. With one server nothing ever moves.
 */
final class Endpoints {

  /** One server: where to connect and the path prefix of its API. */
  record Endpoint(String host, int port, boolean ssl, String prefix) {

    static Endpoint of(URI uri) {
      boolean ssl = "https".equals(uri.getScheme());
      String path = uri.getRawPath() == null ? "" : uri.getRawPath();
      return new Endpoint(
          uri.getHost(),
          uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80,
          ssl,
          path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
    }

    @Override
    public String toString() {
      return (ssl ? "https://" : "http://") + host + ":" + port + prefix;
    }
  }

  private final List<Endpoint> all;
  private final AtomicInteger current = new AtomicInteger();

  Endpoints(List<URI> uris) {
    List<Endpoint> list = new ArrayList<>(uris.size());
    for (URI uri : uris) list.add(Endpoint.of(uri));
    this.all = List.copyOf(list);
  }

  Endpoint current() {
    return all.get(current.get());
  }

  boolean ssl() {
    return all.get(0).ssl();
  }

  /**
   * {@code failed} did not answer: if it is still the current one, move on to the next (another
   * caller that saw the same failure does not move twice).
   */
  void failed(Endpoint failed) {
    int index = current.get();
    if (all.size() > 1 && all.get(index).equals(failed)) {
      current.compareAndSet(index, (index + 1) % all.size());
    }
  }
}
