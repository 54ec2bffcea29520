package io.parley.store.cassandra;

import static io.parley.store.cassandra.StoreCalls.await;
import static io.parley.store.cassandra.StoreCalls.direct;
import static io.parley.store.cassandra.StoreCalls.randomUser;
import static io.parley.store.cassandra.StoreCalls.readInbox;
import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import io.parley.core.id.IdGenerator;
import io.parley.core.id.UserId;
import io.parley.core.message.Message;
import io.parley.core.message.MessageStore.AppendResult;
import io.parley.core.message.MessageStore.NewMessage;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A writer that dies after claiming its message's seq, before the fan-out, delays its conversation
 * but never loses or reorders it: the next writer of the conversation, or a retry of the same send,
 * finishes the fan-out from the message row (ADR 005, point 4).
 */
class InterruptedSendTest {

  private static CassandraConfig config;
  private static CqlSession session;
  private static CassandraMessageStore store;

  @BeforeAll
  static void openSession() {
    config = CassandraNode.shared().freshConfig(1);
    session = CassandraSessions.open(config);
    store = new CassandraMessageStore(session, config);
  }

  @AfterAll
  static void closeSession() {
    if (session != null) session.close();
  }

  @Test
  void theNextSendFinishesTheFanOutOfAWriterThatDied() {
    UserId a = randomUser();
    UserId b = randomUser();
    Message first = await(store.append(direct(a, b, "first", null))).message();
    Message orphan = storeWithoutFanOut(direct(a, b, "writer died", "dead-1"));

    Message after = await(store.append(direct(b, a, "after", null))).message();

    assertThat(orphan.seq()).isEqualTo(2);
    assertThat(after.seq()).isEqualTo(3);
    for (UserId owner : List.of(a, b)) {
      assertThat(readInbox(store, owner))
          .extracting(Message::id)
          .containsExactly(first.id(), orphan.id(), after.id());
    }
  }

  @Test
  void aRetryOfTheSendFinishesItsOwnFanOut() {
    UserId a = randomUser();
    UserId b = randomUser();
    Message orphan = storeWithoutFanOut(direct(a, b, "writer died", "dead-2"));
    assertThat(readInbox(store, b)).isEmpty();

    AppendResult retry = await(store.append(direct(a, b, "writer died", "dead-2")));

    assertThat(retry).isInstanceOf(AppendResult.Duplicate.class);
    assertThat(retry.message().id()).isEqualTo(orphan.id());
    assertThat(readInbox(store, a)).extracting(Message::id).containsExactly(orphan.id());
    assertThat(readInbox(store, b)).extracting(Message::id).containsExactly(orphan.id());
  }

  /**
   * Does what a writer on another node does up to the seq claim (idempotency key, message row,
   * location by id) and then stops, as if it died.
   */
  private static Message storeWithoutFanOut(NewMessage message) {
    MessageTables tables = new MessageTables(session, config);
    Sends sends = new Sends(tables, new IdGenerator(Clock.systemUTC(), 7));
    MessageLog log = new MessageLog(tables, new PositionClaim(), Buckets.DEFAULT);
    Sends.Send send = await(sends.begin(message));
    assertThat(send).isInstanceOf(Sends.Fresh.class);
    LogRow row = await(log.append(((Sends.Fresh) send).draft(), ((Sends.Fresh) send).lease()));
    await(sends.located(row));
    return await(store.messages(List.of(row.id()))).get(row.id());
  }
}
