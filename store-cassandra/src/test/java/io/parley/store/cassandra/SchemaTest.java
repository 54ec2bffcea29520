package io.parley.store.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The schema is applied once per keyspace, however often and by however many nodes. */
class SchemaTest {

  private final CassandraNode cassandra = CassandraNode.shared();

  @Test
  void openingCreatesTheKeyspaceAndRecordsEveryMigration() {
    CassandraConfig config = cassandra.freshConfig(1);
    try (CqlSession session = CassandraSessions.open(config)) {
      assertThat(Schema.recorded(session))
          .isEqualTo(Map.of(1, "V001__users.cql", 2, "V002__messages.cql", 3, "V003__groups.cql"));
      Map<String, String> replication =
          session
              .execute(
                  "SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = ?",
                  config.keyspace())
              .one()
              .getMap("replication", String.class, String.class);
      assertThat(replication)
          .containsEntry("class", "org.apache.cassandra.locator.SimpleStrategy")
          .containsEntry("replication_factor", "1");
    }
  }

  @Test
  void applyingTheSchemaAgainChangesNothing() {
    CassandraConfig config = cassandra.freshConfig(1);
    try (CqlSession session = CassandraSessions.open(config)) {
      assertThat(Schema.apply(session, DefaultConsistencyLevel.LOCAL_SERIAL)).isEmpty();
      assertThat(Schema.apply(session, DefaultConsistencyLevel.LOCAL_SERIAL)).isEmpty();
      assertThat(Schema.recorded(session)).containsOnlyKeys(1, 2, 3);
    }
    try (CqlSession restarted = CassandraSessions.open(config)) {
      assertThat(Schema.recorded(restarted)).containsOnlyKeys(1, 2, 3);
    }
  }

  @Test
  void nodesStartingTogetherBothStartAndRecordEachVersionOnce() {
    CassandraConfig config = cassandra.freshConfig(1);

    List<CompletableFuture<CqlSession>> starts =
        List.of(
            CompletableFuture.supplyAsync(() -> CassandraSessions.open(config)),
            CompletableFuture.supplyAsync(
                () -> CassandraSessions.open(cassandra.configFor(config.keyspace(), 2))));

    List<CqlSession> sessions = starts.stream().map(CompletableFuture::join).toList();
    try {
      assertThat(Schema.recorded(sessions.get(0)))
          .isEqualTo(Map.of(1, "V001__users.cql", 2, "V002__messages.cql", 3, "V003__groups.cql"));
    } finally {
      sessions.forEach(CqlSession::close);
    }
  }

  @Test
  void migrationsAreNumberedInOrder() {
    List<Schema.Migration> migrations = Schema.migrations();

    assertThat(migrations).extracting(Schema.Migration::version).isSorted().doesNotHaveDuplicates();
    assertThat(migrations).allSatisfy(m -> assertThat(m.statements()).isNotEmpty());
  }

  @Test
  void statementsAreSplitAtSemicolonsWithoutCommentLines() {
    String cql =
        """
        -- a comment; with a semicolon
        CREATE TABLE IF NOT EXISTS a (id int PRIMARY KEY);

          -- indented comment
        CREATE TABLE IF NOT EXISTS b (
          id int PRIMARY KEY
        );
        """;

    assertThat(Schema.statements(cql))
        .containsExactly(
            "CREATE TABLE IF NOT EXISTS a (id int PRIMARY KEY)",
            "CREATE TABLE IF NOT EXISTS b (\n  id int PRIMARY KEY\n)");
  }
}
