package io.callpark.esl.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callpark.esl.codec.EslEvent;
import io.callpark.esl.codec.EslFrameWriter;
import io.callpark.esl.codec.EslHeaders;
import io.callpark.esl.codec.EslProtocolException;
import io.callpark.esl.codec.EslRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OutboundCallTest {
  private static final String UUID = "2b7cc713-dd85-4052-86ee-3d040925be1a";

  private Vertx vertx;
  private OutboundServer server;
  private final LinkedBlockingQueue<OutboundCall> calls = new LinkedBlockingQueue<>();
  private int port;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    OutboundOptions options = OutboundOptions.DEFAULT.withPort(0);
    options = new OutboundOptions(options.host(), 0, Set.of(), Duration.ofSeconds(2), 4);
    server = new OutboundServer(vertx, options, calls::add);
    port = get(server.start());
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static EslHeaders channelData(String callerName) {
    return EslHeaders.of("Event-Name", "CHANNEL_DATA", "Unique-ID", UUID,
        "Caller-Caller-ID-Name", callerName, "Channel-Name", "loopback/5000-b",
        "variable_sip_h_Referred-By", "<sip:1001@127.0.0.1>");
  }

  /** Answers connect / myevents / nixevent / linger as FreeSWITCH does (facts 10, 11, 45) and returns the call. */
  private OutboundCall handshake(ScriptedSwitch fs, boolean byteByByte) throws Exception {
    assertThat(fs.next().line()).isEqualTo("connect");
    byte[] reply = EslFrameWriter.connectReply(channelData("Alice Smith"));
    if (byteByByte) {
      fs.writeByteByByte(reply);
    } else {
      fs.write(reply);
    }
    assertThat(fs.next().line()).isEqualTo("myevents");
    fs.write(EslFrameWriter.commandReply("+OK Events Enabled"));
    assertThat(fs.next().line()).isEqualTo("nixevent " + String.join(" ", OutboundCall.UNREAD_EVENTS));
    fs.write(EslFrameWriter.commandReply("+OK events nixed"));
    assertThat(fs.next().line()).isEqualTo("linger");
    fs.write(EslFrameWriter.commandReply("+OK will linger"));
    OutboundCall call = calls.poll(5, TimeUnit.SECONDS);
    assertThat(call).as("call handed to the handler after the handshake").isNotNull();
    return call;
  }

  private static byte[] executeComplete(String app, String appUuid, String response) {
    return EslFrameWriter.eventPlain(EslHeaders.of("Event-Name", "CHANNEL_EXECUTE_COMPLETE", "Unique-ID", UUID,
        "Application", app, "Application-Response", response, "Application-UUID", appUuid), null);
  }

  private static byte[] event(String name) {
    return EslFrameWriter.eventPlain(EslHeaders.of("Event-Name", name, "Unique-ID", UUID), null);
  }

  @Test
  void handshakeDecodesChannelDataEvenWhenSplitAtEveryByte() throws Exception {
    try (ScriptedSwitch fs = ScriptedSwitch.dial(vertx, port)) {
      OutboundCall call = handshake(fs, true);
      assertThat(call.uuid()).isEqualTo(UUID);
      assertThat(call.channelData().header("Caller-Caller-ID-Name")).isEqualTo("Alice Smith");
      assertThat(call.channelData().variable("sip_h_Referred-By")).isEqualTo("<sip:1001@127.0.0.1>");
      assertThat(call.state()).isEqualTo(CallState.ACTIVE);
    }
  }

  @Test
  void aCallKeepsOnlyTheChannelDataItIsToldToRetain() throws Exception {
    try (ScriptedSwitch fs = ScriptedSwitch.dial(vertx, port)) {
      OutboundCall call = handshake(fs, true);
      int before = call.channelData().headers().size();
      call.retainChannelData(java.util.Set.of("Unique-ID", "Caller-Caller-ID-Name"));
      assertThat(call.channelData().headers().size()).isEqualTo(2).isLessThan(before);
      assertThat(call.channelData().header("Caller-Caller-ID-Name")).isEqualTo("Alice Smith");
      assertThat(call.channelData().variable("sip_h_Referred-By")).isNull();
      assertThat(call.uuid()).isEqualTo(UUID);
    }
  }

  @Test
  void theSocketApplicationReturningIsNoticedOnlyForThisChannel() throws Exception {
    try (ScriptedSwitch fs = ScriptedSwitch.dial(vertx, port)) {
      OutboundCall call = handshake(fs, false);
      List<EslEvent> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
      call.eventHandler(seen::add);
      fs.write(EslFrameWriter.eventPlain(EslHeaders.of("Event-Name", "CHANNEL_EXECUTE_COMPLETE",
          "Unique-ID", "00000000-0000-0000-0000-000000000001", "Application", "socket"), null));
      fs.write(EslFrameWriter.eventPlain(EslHeaders.of("Event-Name", "CHANNEL_EXECUTE_COMPLETE",
          "Unique-ID", UUID, "Application", "playback"), null));
      await().until(() -> seen.size() == 2);
      assertThat(call.socketAppReturned()).isFalse();
      fs.write(EslFrameWriter.eventPlain(EslHeaders.of("Event-Name", "CHANNEL_EXECUTE_COMPLETE",
          "Unique-ID", UUID, "Application", "socket"), null));
      await().until(() -> seen.size() == 3);
      assertThat(call.socketAppReturned()).isTrue();
    }
  }

  @Test
  void executeCompletesOnTheExecuteCompleteCarryingItsOwnEventUuid() throws Exception {
    try (ScriptedSwitch fs = ScriptedSwitch.dial(vertx, port)) {
      OutboundCall call = handshake(fs, false);
      CompletableFuture<EslEvent> answer = call.execute("answer", null).toCompletionStage().toCompletableFuture();
      EslRequest sent = fs.next();
      assertThat(sent.line()).isEqualTo("sendmsg");
      assertThat(sent.header("call-command")).isEqualTo("execute");
      assertThat(sent.header("execute-app-name")).isEqualTo("answer");
      String eventUuid = sent.header("Event-UUID");
      assertThat(eventUuid).isNotBlank();
      fs.write(EslFrameWriter.commandReply("+OK"));
      // Another app's completion must not complete ours.
      fs.write(executeComplete("set", "00000000-0000-0000-0000-000000000000", "_none_"));
      fs.write(event("CHANNEL_ANSWER"));
      assertThat(answer).isNotDone();
      fs.write(executeComplete("answer", eventUuid, "_none_"));
      EslEvent done = answer.get(5, TimeUnit.SECONDS);
      assertThat(done.header("Application")).isEqualTo("answer");
      assertThat(done.header("Application-UUID")).isEqualTo(eventUuid);
    }
  }

  @Test
  void repliesAreMatchedToCommandsInTheOrderTheyWereSent() throws Exception {
    try (ScriptedSwitch fs = ScriptedSwitch.dial(vertx, port)) {
      OutboundCall call = handshake(fs, false);
      CompletableFuture<String> first = call.api("uuid_getvar " + UUID + " a").toCompletionStage().toCompletableFuture();
      CompletableFuture<String> second = call.api("uuid_getvar " + UUID + " b").toCompletionStage().toCompletableFuture();
      assertThat(fs.next().line()).endsWith(" a");
      assertThat(fs.next().line()).endsWith(" b");
      byte[] both = EslFrameWriter.concat(EslFrameWriter.apiResponse("one"), EslFrameWriter.apiResponse("_undef_"));
      fs.write(both);
      assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("one");
      assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo("_undef_");
    }
  }

  @Test
  void anInjectedCallerIdNeverReachesTheSocket() throws Exception {
    try (ScriptedSwitch fs = ScriptedSwitch.dial(vertx, port)) {
      OutboundCall call = handshake(fs, false);
      Future<EslEvent> f = call.execute("set", "effective_caller_id_name=Bob\nhangup-cause: CALL_REJECTED");
      await().until(f::isComplete);
      assertThat(f.failed()).isTrue();
      assertThat(f.cause()).isInstanceOf(EslProtocolException.class)
          .hasMessageContaining("execute-app-arg").hasMessageContaining("Bob\\nhangup-cause");
      // The connection still works and nothing of the bad command was written.
      CompletableFuture<String> ok = call.api("status").toCompletionStage().toCompletableFuture();
      assertThat(fs.next().line()).isEqualTo("api status");
      fs.write(EslFrameWriter.apiResponse("UP"));
      assertThat(ok.get(5, TimeUnit.SECONDS)).isEqualTo("UP");
    }
  }

  @Test
  void anAbruptCloseFailsEveryPendingFuture() throws Exception {
    ScriptedSwitch fs = ScriptedSwitch.dial(vertx, port);
    OutboundCall call = handshake(fs, false);
    Future<EslEvent> playback = call.execute("playback", "local_stream://moh");
    fs.next();
    fs.write(EslFrameWriter.commandReply("+OK"));
    Future<String> api = call.api("status");
    fs.next();
    List<String> reasons = new CopyOnWriteArrayList<>();
    call.closeHandler(reasons::add);
    fs.close();
    await().until(() -> playback.isComplete() && api.isComplete());
    assertThat(playback.cause()).isInstanceOf(CallClosedException.class);
    assertThat(api.cause()).isInstanceOf(CallClosedException.class);
    await().until(() -> call.state() == CallState.CLOSED);
    assertThat(reasons).hasSize(1);
  }

  @Test
  void lingerNoticeBeforeHangupCompleteClosesOnlyAfterBoth() throws Exception {
    try (ScriptedSwitch fs = ScriptedSwitch.dial(vertx, port)) {
      OutboundCall call = handshake(fs, false);
      List<String> seen = new CopyOnWriteArrayList<>();
      call.context().runOnContext(v -> call.eventHandler(e -> seen.add(e.name())));
      fs.write(event("CHANNEL_HANGUP"));
      fs.write(EslFrameWriter.lingerNotice(UUID, "sofia/internal/1000@127.0.0.1"));
      await().until(() -> call.state() == CallState.HUNG_UP);
      assertThat(fs.isClosed()).isFalse();
      fs.write(event("CHANNEL_HANGUP_COMPLETE"));
      await().until(() -> call.state() == CallState.CLOSED);
      assertThat(seen).containsExactly("CHANNEL_HANGUP", "CHANNEL_HANGUP_COMPLETE");
    }
  }

  @Test
  void malformedFrameClosesThatConnectionOnlyAndNamesTheBytes() throws Exception {
    ScriptedSwitch bad = ScriptedSwitch.dial(vertx, port);
    OutboundCall badCall = handshake(bad, false);
    ScriptedSwitch good = ScriptedSwitch.dial(vertx, port);
    OutboundCall goodCall = handshake(good, false);
    List<String> reasons = new CopyOnWriteArrayList<>();
    badCall.closeHandler(reasons::add);
    bad.write("Content-Length: 12x\nContent-Type: text/event-plain\n\n".getBytes(StandardCharsets.US_ASCII));
    await().until(() -> badCall.state() == CallState.CLOSED);
    assertThat(reasons).singleElement().asString().contains("Content-Length").contains("12x");
    CompletableFuture<String> ok = goodCall.api("status").toCompletionStage().toCompletableFuture();
    good.next();
    good.write(EslFrameWriter.apiResponse("UP"));
    assertThat(ok.get(5, TimeUnit.SECONDS)).isEqualTo("UP");
    good.close();
  }

  @Test
  void aCommandWithoutReplyClosesTheConnectionAfterTheTimeout() throws Exception {
    try (ScriptedSwitch fs = ScriptedSwitch.dial(vertx, port)) {
      OutboundCall call = handshake(fs, false);
      Future<String> api = call.api("status");
      fs.next();
      await().atMost(Duration.ofSeconds(5)).until(api::isComplete);
      assertThat(api.cause()).isInstanceOf(CallClosedException.class).hasMessageContaining("no reply");
      assertThat(call.state()).isEqualTo(CallState.CLOSED);
    }
  }

  @Test
  void aPausedHandlerStopsReadingOnceTheQueueIsFullAndGetsEveryEventOnResume() throws Exception {
    try (ScriptedSwitch fs = ScriptedSwitch.dial(vertx, port)) {
      OutboundCall call = handshake(fs, false);
      List<String> seen = new CopyOnWriteArrayList<>();
      call.context().runOnContext(v -> call.eventHandler(e -> seen.add(e.header("Seq"))));
      call.pauseEvents();
      for (int i = 0; i < 50; i++) {
        fs.write(EslFrameWriter.eventPlain(EslHeaders.of("Event-Name", "DTMF", "Seq", Integer.toString(i)), null));
      }
      CompletableFuture<String> api = call.api("status").toCompletionStage().toCompletableFuture();
      fs.next();
      fs.write(EslFrameWriter.apiResponse("UP"));
      // The api reply sits behind 50 events in the socket; with reading paused it cannot arrive yet.
      await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !api.isDone());
      assertThat(seen).isEmpty();
      call.resumeEvents();
      assertThat(api.get(5, TimeUnit.SECONDS)).isEqualTo("UP");
      await().until(() -> seen.size() == 50);
      assertThat(seen.get(0)).isEqualTo("0");
      assertThat(seen.get(49)).isEqualTo("49");
    }
  }

  @Test
  void connectionsFromAddressesOutsideTheAllowListAreRefused() throws Exception {
    OutboundServer strict = new OutboundServer(vertx,
        OutboundOptions.DEFAULT.withPort(0).withAllowedPeers(Set.of("192.0.2.10")), calls::add);
    int strictPort = get(strict.start());
    ScriptedSwitch fs = ScriptedSwitch.dial(vertx, strictPort);
    await().until(fs::isClosed);
    assertThat(calls).isEmpty();
  }
}
