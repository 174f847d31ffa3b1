package io.callpark.esl.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callpark.esl.codec.EslEvent;
import io.callpark.sim.CallSpec;
import io.callpark.sim.FakeFreeSwitch;
import io.callpark.sim.SimConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An outbound session end to end on loopback: FakeFreeSwitch's {@code socket} dials our server the way
 * FreeSWITCH does (outbound_session.txt), and an OutboundCall drives the call through answer, a
 * playback broken by uuid_break, and a hangup with the linger notice.
 */
class OutboundSessionAgainstFakeFreeSwitchTest {
  private Vertx vertx;
  private FakeFreeSwitch fs;
  private final LinkedBlockingQueue<OutboundCall> calls = new LinkedBlockingQueue<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    OutboundServer server = new OutboundServer(vertx, OutboundOptions.DEFAULT.withPort(0), calls::add);
    int port = get(server.start());
    fs = get(FakeFreeSwitch.start(vertx, SimConfig.builder().build()));
    fs.dialplan().extension("5000", "socket 127.0.0.1:" + port + " async full");
  }

  @AfterEach
  void stop() throws Exception {
    get(fs.close());
    get(vertx.close());
  }

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aCallHandedOverBySocketIsAnsweredPlayedBrokenAndHungUpWithItsLingerNotice() throws Exception {
    String uuid = get(fs.placeCall(CallSpec.builder("5000").from("Alice", "1000").build()));
    OutboundCall call = calls.poll(10, TimeUnit.SECONDS);
    assertThat(call).isNotNull();
    assertThat(call.uuid()).isEqualTo(uuid);
    assertThat(call.channelData().header("Caller-Caller-ID-Name")).isEqualTo("Alice");
    assertThat(call.channelData().header("Channel-Destination-Number")).isEqualTo("5000");
    List<String> seen = new CopyOnWriteArrayList<>();
    List<String> closed = new CopyOnWriteArrayList<>();
    call.context().runOnContext(v -> call.eventHandler(e -> seen.add(e.name())).closeHandler(closed::add));

    EslEvent answered = get(call.execute("answer", null));
    assertThat(answered.header("Application")).isEqualTo("answer");
    await().until(() -> fs.channel(uuid).map(c -> c.answered()).orElse(false));

    Future<EslEvent> moh = call.execute("playback", "local_stream://moh");
    await().until(() -> "playback".equals(fs.channel(uuid).orElseThrow().application()));
    assertThat(get(call.api("uuid_break " + uuid))).startsWith("+OK");
    assertThat(get(moh).header("Application-Response")).isEqualTo("FILE PLAYED");

    get(call.hangup("NORMAL_CLEARING"));
    await().until(() -> call.state() == CallState.CLOSED);
    assertThat(seen).contains("CHANNEL_ANSWER", "CHANNEL_EXECUTE_COMPLETE", "CHANNEL_HANGUP", "CHANNEL_UNPARK",
        "CHANNEL_HANGUP_COMPLETE");
    // nixed in the handshake: the box sends none of the channel events nothing reads
    assertThat(seen).doesNotContainAnyElementsOf(OutboundCall.UNREAD_EVENTS);
    assertThat(closed).containsExactly("call ended");
  }

  @Test
  void theSimulatorSplittingEveryWriteIntoSingleBytesChangesNothing() throws Exception {
    fs.policy().chunking(io.callpark.sim.SimPolicy.Chunking.EVERY_BYTE);
    get(fs.placeCall(CallSpec.builder("5000").from("Bob", "1001").build()));
    OutboundCall call = calls.poll(10, TimeUnit.SECONDS);
    assertThat(call).isNotNull();
    assertThat(call.channelData().header("Caller-Caller-ID-Name")).isEqualTo("Bob");
    assertThat(get(call.execute("answer", null)).header("Application")).isEqualTo("answer");
  }
}
