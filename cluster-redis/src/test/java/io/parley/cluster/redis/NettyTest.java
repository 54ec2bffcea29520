package io.parley.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.resource.EpollProvider;
import io.lettuce.core.resource.Transports;
import io.netty.util.Version;
import org.junit.jupiter.api.Test;

/**
 * Lettuce is built against a newer Netty 4.2 than Vert.x pins; this module's tests run it on the
 * app's Netty (the parent pom's version) and its native epoll transport, as the app will.
 */
class NettyTest {

  @Test
  void everyNettyModuleOnTheClasspathIsTheVersionVertxPins() {
    String pinned = System.getProperty("parley.netty.version");

    assertThat(pinned).isNotBlank();
    assertThat(Version.identify().values())
        .isNotEmpty()
        .allSatisfy(version -> assertThat(version.artifactVersion()).isEqualTo(pinned));
  }

  @Test
  void lettuceUsesNettysNativeEpollTransport() {
    assertThat(EpollProvider.isAvailable()).isTrue();
    assertThat(Transports.socketChannelClass().getSimpleName()).isEqualTo("EpollSocketChannel");
  }
}
