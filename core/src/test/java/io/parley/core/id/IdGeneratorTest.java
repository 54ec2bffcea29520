package io.parley.core.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IdGeneratorTest {

  private final AtomicLong now = new AtomicLong(1_764_316_800_000L);
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return Instant.ofEpochMilli(now.get());
        }
      };

  @Test
  void idsAreStrictlyIncreasingWithinOneMillisecond() {
    var generator = new IdGenerator(clock, 3);
    long previous = 0;
    for (int i = 0; i < 10_000; i++) {
      long id = generator.next();
      assertThat(id).isGreaterThan(previous);
      previous = id;
    }
  }

  @Test
  void idsKeepIncreasingWhenTheClockStepsBack() {
    var generator = new IdGenerator(clock, 1);
    long before = generator.next();
    now.addAndGet(-5_000);
    assertThat(generator.next()).isGreaterThan(before);
  }

  @Test
  void idsEmbedTheirTimestamp() {
    var generator = new IdGenerator(clock, 7);
    long id = generator.next();
    assertThat(IdGenerator.timestampOf(id)).isEqualTo(now.get());
    assertThat(new MessageId(id).timestamp()).isEqualTo(now.get());
    assertThat(IdGenerator.lowestIdAt(now.get())).isLessThanOrEqualTo(id);
    assertThat(IdGenerator.lowestIdAt(now.get() + 1)).isGreaterThan(id);
  }

  @Test
  void advancePastContinuesAfterStoredIds() {
    var generator = new IdGenerator(clock, 0);
    long stored = IdGenerator.lowestIdAt(now.get() + 60_000);
    generator.advancePast(stored);
    assertThat(generator.next()).isGreaterThan(stored);
  }

  @Test
  void nodeIdMustFitInTenBits() {
    assertThatThrownBy(() -> new IdGenerator(clock, 1024))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void wireIdsParseOnlyAsPositiveDecimals() {
    assertThat(UserId.parse("42")).contains(UserId.of(42));
    assertThat(UserId.parse("9223372036854775807")).isPresent();
    assertThat(UserId.parse("9223372036854775808")).isEmpty();
    assertThat(UserId.parse("0")).isEmpty();
    assertThat(UserId.parse("-1")).isEmpty();
    assertThat(UserId.parse("1e3")).isEmpty();
    assertThat(UserId.parse(" 1")).isEmpty();
    assertThat(UserId.parse("")).isEmpty();
    assertThat(UserId.parse(null)).isEmpty();
  }
}
