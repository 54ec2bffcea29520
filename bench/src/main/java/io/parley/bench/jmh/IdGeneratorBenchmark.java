package io.parley.bench.jmh;

import io.parley.core.id.IdGenerator;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Id generation as the store's single committer draws ids (one thread: the generator is not
 * thread-safe by design). More than 4096 ids in a millisecond borrow the next millisecond.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class IdGeneratorBenchmark {
  final IdGenerator ids = new IdGenerator(Clock.systemUTC(), 7);

  @Benchmark
  public long next() {
    return ids.next();
  }
}
