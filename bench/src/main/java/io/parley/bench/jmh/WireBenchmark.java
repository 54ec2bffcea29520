package io.parley.bench.jmh;

import io.parley.core.id.MessageId;
import io.parley.core.id.UserId;
import io.parley.core.message.ConversationId;
import io.parley.core.message.DeliveryStatus;
import io.parley.core.message.Message;
import io.parley.gateway.json.JsonInput;
import io.parley.gateway.json.Requests;
import io.parley.gateway.json.Wire;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The WebSocket frame codec on the hot path: encoding the {@code message} and {@code ack} frames
 * the server writes for every message, and strictly decoding the client's {@code send} frame.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WireBenchmark {
  @Param({"100", "1000"})
  int contentBytes;

  Message message;
  String sendFrame;

  @Setup
  public void setUp() {
    UserId alice = UserId.of(8_410_296_104L);
    UserId bob = UserId.of(8_410_299_900L);
    String content = "x".repeat(contentBytes);
    message =
        new Message(
            MessageId.of(8_410_296_104_960_001L),
            ConversationId.direct(alice, bob),
            17,
            alice,
            bob,
            null,
            content,
            1_764_316_800_000L,
            "c-42",
            DeliveryStatus.SENT);
    sendFrame =
        "{\"type\":\"send\",\"client_msg_id\":\"k3j2h1-42\",\"receiver_id\":\"8410299900\","
            + "\"content\":\""
            + content
            + "\"}";
  }

  @Benchmark
  public String encodeMessageFrame() {
    return Wire.messageFrame(message, "8410296104960001");
  }

  @Benchmark
  public String encodeAckFrame() {
    return Wire.ackFrame("k3j2h1-42", message);
  }

  @Benchmark
  public Requests.Send decodeSendFrame() {
    JsonInput in = JsonInput.parse(sendFrame);
    return Requests.send(in, true);
  }
}
