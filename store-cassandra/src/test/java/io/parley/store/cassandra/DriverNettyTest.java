package io.parley.store.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import io.netty.channel.Channel;
import io.netty.util.Version;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The driver runs on the application's Netty (the 4.2 line that Vert.x pins), not on the 4.1 it was
 * built against: only one Netty is on the classpath, and the driver talks to Cassandra on it.
 */
class DriverNettyTest {

  private static final String EXPECTED = System.getProperty("parley.netty.version", "4.2.9.Final");

  @Test
  void everyNettyJarOnTheClasspathIsTheApplicationsVersion() throws IOException {
    List<String> versions = new ArrayList<>();
    // each Netty jar describes its artifacts in this resource
    for (URL url :
        Collections.list(
            getClass().getClassLoader().getResources("META-INF/io.netty.versions.properties"))) {
      Properties properties = new Properties();
      try (InputStream in = url.openStream()) {
        properties.load(in);
      }
      properties.stringPropertyNames().stream()
          .filter(key -> key.endsWith(".version"))
          .map(properties::getProperty)
          .forEach(versions::add);
    }

    assertThat(versions).isNotEmpty().containsOnly(EXPECTED);
    assertThat(Version.identify().get("netty-transport").artifactVersion()).isEqualTo(EXPECTED);
    assertThat(Channel.class.getProtectionDomain().getCodeSource().getLocation().getPath())
        .contains(EXPECTED);
  }

  @Test
  void theDriverQueriesCassandraOnIt() {
    CassandraConfig config = CassandraNode.shared().freshConfig(1);
    try (CqlSession session = CassandraSessions.open(config)) {
      String release =
          session.execute("SELECT release_version FROM system.local").one().getString(0);

      assertThat(release).startsWith("5.0.");
    }
  }
}
