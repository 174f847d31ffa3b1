package io.callpark.esl.inbound;

import static io.callpark.esl.testing.Await.failure;
import static io.callpark.esl.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.callpark.esl.codec.EslCommand;
import io.callpark.esl.codec.EslCommandEncoder;
import io.callpark.esl.codec.EslEvent;
import io.callpark.esl.codec.EslFrameWriter;
import io.callpark.esl.codec.EslHeaders;
import io.callpark.esl.codec.EslProtocolException;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** api, bgapi, sendevent, events and threading, against a scripted server. */
class InboundClientCommandTest {
  private final InboundFixture f = new InboundFixture();

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void apiReturnsAnErrBodyAsAValueWhileApiOkFailsWithItsText() {
    f.fs.on("api uuid_kill", (r, s) -> s.write(EslFrameWriter.apiResponse("-ERR No such channel!\n")));
    f.connected();

    assertThat(result(f.client.api("uuid_kill 0000"))).isEqualTo("-ERR No such channel!\n");
    Throwable error = failure(f.client.apiOk("uuid_kill 0000"));

    assertThat(error).isInstanceOf(EslApiException.class).hasMessage("'api uuid_kill 0000' failed: -ERR No such channel!");
    assertThat(((EslApiException) error).reply()).isEqualTo("-ERR No such channel!\n");
    assertThat(((EslApiException) error).command()).isEqualTo("api uuid_kill 0000");
  }

  @Test
  void bgapiCompletesWithTheBackgroundJobCarryingOurOwnJobUuidNotAnotherOne() {
    f.fs.on("bgapi", (r, s) -> {
      String ours = r.header("Job-UUID");
      s.write(EslFrameWriter.commandReply("+OK Job-UUID: " + ours, "Job-UUID", ours));
      s.write(EslFrameWriter.eventPlain(EslHeaders.of("Event-Name", "BACKGROUND_JOB",
          "Job-UUID", "11111111-2222-3333-4444-555555555555", "Job-Command", "status"), "someone else's job\n"));
      s.write(EslFrameWriter.eventPlain(EslHeaders.of("Event-Name", "BACKGROUND_JOB",
          "Job-UUID", ours, "Job-Command", "status"), "+OK ours\n"));
    });
    f.connected();

    assertThat(result(f.client.bgapi("status"))).isEqualTo("+OK ours\n");
    assertThat(f.fs.sessions().get(0).requests().get(2).header("Job-UUID")).isEqualTo(f.jobUuids.get(0));
    assertThat(f.events).extracting(EslEvent::name).containsExactly("BACKGROUND_JOB", "BACKGROUND_JOB");
  }

  @Test
  void bgapiWithoutItsBackgroundJobTimesOutAndTheConnectionStays() {
    f.fs.on("bgapi", (r, s) -> s.reply("+OK Job-UUID: " + r.header("Job-UUID")));
    f.connected();

    Throwable error = failure(f.client.bgapi("status", Duration.ofMillis(100)));

    assertThat(error).isInstanceOf(EslTimeoutException.class)
        .hasMessageStartingWith("no BACKGROUND_JOB for 'bgapi status' (Job-UUID " + f.jobUuids.get(0) + ")");
    assertThat(result(f.client.api("status"))).contains("is ready");
    assertThat(f.fs.sessions()).hasSize(1);
    assertThat(f.client.state()).isEqualTo(ConnectionState.CONNECTED);
  }

  @Test
  void refusedBgapiFailsAtOnceWithTheReplyText() {
    f.fs.on("bgapi", (r, s) -> s.reply("-ERR no such command"));
    f.connected();

    Throwable error = failure(f.client.bgapi("nonsense", Duration.ofSeconds(30)));

    assertThat(error).isInstanceOf(EslApiException.class).hasMessage("'bgapi nonsense' failed: -ERR no such command");
  }

  @Test
  void sendEventWritesHeadersInOrderAndReturnsTheNewEventUuid() {
    f.fs.on("sendevent", (r, s) -> s.reply("+OK dd2383e5-4e66-437e-aefa-937497fcb869"));
    f.connected();

    String uuid = result(f.client.sendEvent("PRESENCE_IN",
        EslHeaders.of("proto", "park", "from", "6001@127.0.0.1", "force-status", "Holding"), null));

    assertThat(uuid).isEqualTo("dd2383e5-4e66-437e-aefa-937497fcb869");
    var request = f.fs.sessions().get(0).requests().get(2);
    assertThat(request.line()).isEqualTo("sendevent PRESENCE_IN");
    assertThat(request.headers().asPairs()).containsExactly(
        List.of("proto", "park"), List.of("from", "6001@127.0.0.1"), List.of("force-status", "Holding"));
  }

  @Test
  void injectionAttemptFailsWithTheEncodersMessageAndWritesNothing() {
    f.connected();
    String expected = catchThrowable(() -> EslCommandEncoder.encode(new EslCommand.Api("status\nexit"))).getMessage();

    Throwable api = failure(f.client.api("status\nexit"));
    Throwable bgapi = failure(f.client.bgapi("status\r\nexit"));
    Throwable sendEvent = failure(f.client.sendEvent("PRESENCE_IN",
        EslHeaders.of("from", "6001@127.0.0.1\nhangup-cause: NORMAL_CLEARING"), null));

    assertThat(api).isInstanceOf(EslProtocolException.class).hasMessage(expected).hasMessageContaining("header injection");
    assertThat(bgapi).isInstanceOf(EslProtocolException.class).hasMessageContaining("header injection");
    assertThat(sendEvent).isInstanceOf(EslProtocolException.class).hasMessageContaining("header from");
    assertThat(result(f.client.api("status"))).contains("is ready");
    assertThat(f.fs.sessions().get(0).lines()).containsExactly("auth ClueCon", "event plain ALL", "api status");
    assertThat(f.client.state()).isEqualTo(ConnectionState.CONNECTED);
  }

  @Test
  void everyEventReachesEveryHandlerInOrderEvenAfterAHandlerThrows() {
    f.fs.on("api emit", (r, s) -> {
      s.write(EslFrameWriter.eventPlain(EslHeaders.of("Event-Name", "HEARTBEAT", "Event-Sequence", "1"), null));
      s.write(EslFrameWriter.eventPlain(EslHeaders.of("Event-Name", "CHANNEL_PARK", "Event-Sequence", "2",
          "Unique-ID", "615eb213-cb07-45f1-8496-c3f21f70cad0"), null));
      s.write(EslFrameWriter.apiResponse("+OK\n"));
    });
    List<String> second = new CopyOnWriteArrayList<>();
    f.client(f.options());
    f.client.eventHandler(e -> {
      throw new IllegalStateException("a buggy handler");
    });
    f.client.eventHandler(e -> second.add(e.name() + "#" + e.sequence()));
    result(f.client.start());

    try (LogCapture logs = new LogCapture("io.callpark.esl")) {
      assertThat(result(f.client.api("emit"))).isEqualTo("+OK\n");
      assertThat(logs.lines()).anyMatch(l -> l.startsWith("ERROR") && l.contains("an event handler failed"));
    }

    assertThat(second).containsExactly("HEARTBEAT#1", "CHANNEL_PARK#2");
    assertThat(f.events).extracting(EslEvent::uniqueId).containsExactly(null, "615eb213-cb07-45f1-8496-c3f21f70cad0");
    assertThat(f.client.state()).isEqualTo(ConnectionState.CONNECTED);
  }

  @Test
  void commandsFromManyThreadsEachGetTheirOwnReply() throws Exception {
    f.fs.on("api echo", (r, s) -> s.write(EslFrameWriter.apiResponse(r.argument())));
    f.connected();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<Future<String>>> submitted = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String word = "echo " + i;
        submitted.add(pool.submit(() -> f.client.api(word)));
      }
      for (int i = 0; i < 200; i++) {
        assertThat(result(submitted.get(i).get())).isEqualTo("echo " + i);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void commandRefusesWhatTheClientSendsItself() {
    f.connected();

    assertThat(failure(f.client.command(new EslCommand.Exit()))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("close()");
    assertThat(failure(f.client.command(new EslCommand.Auth("x")))).isInstanceOf(IllegalArgumentException.class);
    assertThat(result(f.client.command(new EslCommand.Filter("Unique-ID", "abc", false))))
        .isEqualTo("+OK filter added. [Unique-ID]=[abc]");
    await().until(() -> f.fs.sessions().get(0).lines().size() == 3);
  }
}
