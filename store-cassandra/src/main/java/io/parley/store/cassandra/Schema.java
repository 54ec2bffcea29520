package io.parley.store.cassandra;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's keyspace and tables, from versioned CQL files applied in order at start-up.
 *
 * <p>Each file {@code schema/VNNN__name.cql} holds statements separated by {@code ;} (none inside a
 * string literal) and {@code --} comment lines. A version is recorded in {@code schema_version}
 * once its statements have run. Every statement is idempotent ({@code IF NOT EXISTS}) and the
 * version row is written by a lightweight transaction, so nodes that start at the same time may
 * both run a file, harmlessly, and exactly one of them records it.
 */
final class Schema {

  /** The migration files, oldest first: add a file under schema/ and its name here. */
  static final List<String> MIGRATIONS =
      List.of("V001__users.cql", "V002__messages.cql", "V003__groups.cql");

  private static final Logger log = LoggerFactory.getLogger(Schema.class);
  private static final String RESOURCE_DIR = "/io/parley/store/cassandra/schema/";
  private static final Pattern FILE_NAME = Pattern.compile("V(\\d{3})__[a-z0-9_]+\\.cql");

  /** Schema changes wait for every node to agree, which takes longer than a request. */
  private static final Duration SCHEMA_CHANGE_TIMEOUT = Duration.ofSeconds(30);

  private static final String CREATE_VERSION_TABLE =
      "CREATE TABLE IF NOT EXISTS schema_version"
          + " (version int PRIMARY KEY, name text, applied_at timestamp)";

  /** One migration file. */
  record Migration(int version, String name, List<String> statements) {}

  private Schema() {}

  /** Creates {@code keyspace} with {@code replication} unless it exists (then leaves it alone). */
  static void createKeyspace(CqlSession session, String keyspace, Map<String, String> replication) {
    String options =
        replication.entrySet().stream()
            .map(e -> "'" + e.getKey() + "': '" + e.getValue() + "'")
            .collect(Collectors.joining(", ", "{", "}"));
    change(session, "CREATE KEYSPACE IF NOT EXISTS " + keyspace + " WITH replication = " + options);
  }

  /**
   * Applies the migrations not yet recorded in the session's keyspace, in order, and answers the
   * versions that this call recorded. {@code serial} is the consistency of the lightweight
   * transactions' Paxos phase, with which the version rows are read too.
   */
  static List<Integer> apply(CqlSession session, ConsistencyLevel serial) {
    change(session, CREATE_VERSION_TABLE);
    PreparedStatement selectVersion =
        session.prepare("SELECT version FROM schema_version WHERE version = ?");
    PreparedStatement insertVersion =
        session.prepare(
            "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)"
                + " IF NOT EXISTS");
    List<Integer> recorded = new ArrayList<>();
    for (Migration migration : migrations()) {
      // a serial read also sees a version row that another node is recording right now
      boolean done =
          session.execute(selectVersion.bind(migration.version()).setConsistencyLevel(serial)).one()
              != null;
      if (done) continue;
      migration.statements().forEach(statement -> change(session, statement));
      if (session
          .execute(insertVersion.bind(migration.version(), migration.name(), Instant.now()))
          .wasApplied()) {
        recorded.add(migration.version());
        log.info("Cassandra schema {} applied", migration.name());
      }
    }
    return recorded;
  }

  /** The versions recorded in the session's keyspace, with their file names. */
  static SortedMap<Integer, String> recorded(CqlSession session) {
    SortedMap<Integer, String> versions = new TreeMap<>();
    for (Row row : session.execute("SELECT version, name FROM schema_version")) {
      versions.put(row.getInt("version"), row.getString("name"));
    }
    return versions;
  }

  /** Every migration, parsed from its resource file. */
  static List<Migration> migrations() {
    List<Migration> migrations = new ArrayList<>();
    int previous = 0;
    for (String name : MIGRATIONS) {
      Matcher matcher = FILE_NAME.matcher(name);
      if (!matcher.matches()) {
        throw new IllegalStateException("migration file name must be VNNN__name.cql: " + name);
      }
      int version = Integer.parseInt(matcher.group(1));
      if (version <= previous) {
        throw new IllegalStateException("migrations out of order at " + name);
      }
      previous = version;
      migrations.add(new Migration(version, name, statements(read(name))));
    }
    return migrations;
  }

  /** The statements of a CQL file: comment lines dropped, split at {@code ;}. */
  static List<String> statements(String cql) {
    String withoutComments =
        cql.lines()
            .filter(line -> !line.strip().startsWith("--"))
            .collect(Collectors.joining("\n"));
    return Arrays.stream(withoutComments.split(";"))
        .map(String::strip)
        .filter(statement -> !statement.isEmpty())
        .toList();
  }

  private static String read(String name) {
    try (InputStream in = Schema.class.getResourceAsStream(RESOURCE_DIR + name)) {
      if (in == null) throw new IllegalStateException("missing schema resource " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void change(CqlSession session, String cql) {
    session.execute(SimpleStatement.newInstance(cql).setTimeout(SCHEMA_CHANGE_TIMEOUT));
  }
}
