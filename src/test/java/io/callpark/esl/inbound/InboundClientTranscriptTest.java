package io.callpark.esl.inbound;

import static io.callpark.esl.testing.Await.failure;
import static io.callpark.esl.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.callpark.esl.codec.EslCommand;
import io.callpark.esl.codec.EslEvent;
import io.callpark.esl.codec.EslFrame;
import io.callpark.esl.codec.EslFrameParser;
import io.callpark.esl.codec.EslHeaders;
import io.callpark.esl.codec.FrameKind;
import io.callpark.esl.testing.ClientBytesMatcher;
import io.callpark.esl.testing.Transcript;
import io.callpark.esl.testing.TranscriptServer;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Drives {@link InboundClient} through real FreeSWITCH 1.11.1 sessions replayed byte for byte by
 * {@link TranscriptServer}: every command the client writes must equal the captured one (except our
 * own Job-UUID, which is bound and substituted into the replay), and every reply, event and body must
 * come out as captured.
 */
class InboundClientTranscriptTest {
  private static final String TRANSCRIPT_UUID = "615eb213-cb07-45f1-8496-c3f21f70cad0";

  private Vertx vertx;
  private TranscriptServer server;
  private InboundClient client;
  private final List<EslEvent> events = new CopyOnWriteArrayList<>();
  private final List<String> jobUuids = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() {
    if (client != null) {
      result(client.close());
    }
    if (server != null) {
      result(server.close());
    }
    result(vertx.close());
  }

  @Test
  void transcriptParserReproducesTheRawCapturesByteForByte() throws IOException {
    for (String name : List.of("inbound_esl_session", "inbound_session")) {
      try (InputStream raw = getClass().getResourceAsStream("/transcripts/" + name + ".raw")) {
        assertThat(Transcript.load(name + ".txt").fsBytes()).as(name).isEqualTo(raw.readAllBytes());
      }
    }
  }

  @ParameterizedTest(name = "fs->client written in random pieces: {0}")
  @ValueSource(booleans = {false, true})
  void replaysTheEventPlainAllSessionFromAuthToExit(boolean splitIntoPieces) {
    // Our client always sends its own Job-UUID, so the capture's bgapi without one cannot be reproduced;
    // "foo" (an unknown command) cannot be expressed with EslCommand. Both exchanges are self-contained.
    Transcript transcript = Transcript.load("inbound_esl_session.txt")
        .withoutExchange("bgapi status\n\n")
        .withoutExchange("foo\n\n");
    start(transcript, splitIntoPieces, List.of("ALL"), List.of());

    assertThat(result(client.api("status"))).isEqualTo(apiBodyAfter(transcript, "api status\n\n"))
        .contains("FreeSWITCH (Version 1.11.1-release  64bit) is ready");
    EslApiException invalid = (EslApiException) failure(client.apiOk("uuid_bridge bogus bogus"));
    assertThat(invalid.reply()).isEqualTo("-ERR Invalid uuid\n");
    assertThat(result(client.api("show channels as json"))).isEqualTo("{\"row_count\": 0}\n");

    String job = result(client.bgapi("status"));
    assertThat(job).isEqualTo(backgroundJobBody(transcript, "ba27e352-5b54-4a07-b03b-01b87b260ab2"));
    assertThat(server.received()).contains("bgapi status\nJob-UUID: " + jobUuids.get(0) + "\n\n");

    assertThat(result(client.apiOk("originate {origination_caller_id_name=Alice,origination_caller_id_number=1000}"
        + "loopback/9999/default &park()"))).isEqualTo("+OK " + TRANSCRIPT_UUID + "\n");
    assertThat(result(client.api("show channels as json"))).startsWith("{\"row_count\":2,");
    assertThat(result(client.apiOk("uuid_transfer " + TRANSCRIPT_UUID + " 9999 XML default"))).isEqualTo("+OK\n");
    assertThat(result(client.apiOk("uuid_kill " + TRANSCRIPT_UUID))).isEqualTo("+OK\n");
    String nobody = "00000000-0000-0000-0000-000000000000";
    assertThat(result(client.api("uuid_kill " + nobody))).isEqualTo("-ERR No such channel!\n");
    assertThat(result(client.api("uuid_transfer " + nobody + " 9999 XML default"))).isEqualTo("-ERR No such channel!\n");

    String one = "00000000-0000-0000-0000-000000000001";
    assertThat(result(client.command(new EslCommand.Filter("Unique-ID", one, false))))
        .isEqualTo("+OK filter added. [Unique-ID]=[" + one + "]");
    assertThat(result(client.command(new EslCommand.Filter("Unique-ID", one, true))))
        .isEqualTo("+OK filter deleted. [Unique-ID][" + one + "]");
    assertThat(result(client.command(new EslCommand.Log(7)))).isEqualTo("+OK log level 7 [7]");
    assertThat(result(client.api("log NOTICE hello-from-esl"))).isEqualTo("+OK\n");
    assertThat(result(client.command(new EslCommand.NoLog()))).isEqualTo("+OK no longer logging");
    assertThat(result(client.command(new EslCommand.NixEvent(List.of("CHANNEL_CREATE"))))).isEqualTo("+OK events nixed");

    String eventUuid = result(client.sendEvent("PRESENCE_IN", EslHeaders.of(
        "proto", "park", "login", "6001", "from", "6001@127.0.0.1", "status", "Active (1 caller)",
        "rpid", "active", "force-status", "Active (1 caller)", "event_type", "presence",
        "alt_event_type", "dialog", "event_count", "1", "unique-id", "6001", "channel-state", "CS_ROUTING",
        "answer-state", "confirmed", "presence-call-direction", "inbound"), null));
    assertThat(eventUuid).isEqualTo("dd2383e5-4e66-437e-aefa-937497fcb869");
    assertThat(result(client.command(new EslCommand.NoEvents()))).isEqualTo("+OK no longer listening for events");

    result(client.close());

    assertThat(server.mismatches()).isEmpty();
    assertThat(server.finished()).isEqualTo(1);
    assertThat(client.state()).isEqualTo(ConnectionState.CLOSED);
    assertThat(sequences(events)).as("every captured event, in order").isEqualTo(sequences(capturedEvents(transcript)));
    EslEvent presence = events.stream().filter(e -> "PRESENCE_IN".equals(e.name())).findFirst().orElseThrow();
    assertThat(presence.header("Command")).isEqualTo("sendevent PRESENCE_IN");
    assertThat(presence.header("Event-UUID")).isEqualTo(eventUuid);
    assertThat(events).extracting(EslEvent::name).contains("HEARTBEAT", "BACKGROUND_JOB", "CHANNEL_HANGUP_COMPLETE");
  }

  @Test
  void replaysTheSessionWithANamedSubscriptionCustomLastAndASendeventBody() {
    Transcript transcript = Transcript.load("inbound_session.txt").withoutExchange("foo\n\n");
    start(transcript, true, List.of("CHANNEL_CREATE", "CHANNEL_ANSWER", "CHANNEL_HANGUP", "CHANNEL_HANGUP_COMPLETE",
        "BACKGROUND_JOB"), List.of("test::capture"));

    assertThat(result(client.api("status"))).isEqualTo(apiBodyAfter(transcript, "api status\n\n"));
    assertThat(result(client.api("uuid_bridge bogus bogus"))).isEqualTo("-ERR Invalid uuid\n");
    assertThat(result(client.api("show channels as json"))).isEqualTo("{\"row_count\": 0}\n");
    assertThat(result(client.bgapi("status", Duration.ofSeconds(5))))
        .isEqualTo(backgroundJobBody(transcript, "752254d6-4012-474e-a4ea-b6702f456833"));
    String a = "ad019190-e6e3-44a6-bedd-4dd9d8261862";
    assertThat(result(client.api("originate {origination_caller_id_name=Alice,origination_caller_id_number=1000}"
        + "loopback/9999/default &park()"))).startsWith("+OK ");
    assertThat(result(client.api("uuid_getvar " + a + " caller_id_name"))).isEqualTo("Outbound Call");
    assertThat(result(client.api("uuid_getvar " + a + " no_such_var"))).isEqualTo("_undef_");
    assertThat(result(client.command(new EslCommand.Filter("Unique-ID", a, false))))
        .isEqualTo("+OK filter added. [Unique-ID]=[" + a + "]");
    assertThat(result(client.command(new EslCommand.Filter("Unique-ID", null, true))))
        .isEqualTo("+OK filter deleted. [Unique-ID][]");
    assertThat(result(client.apiOk("uuid_kill " + a))).isEqualTo("+OK\n");
    assertThat(((EslApiException) failure(client.apiOk("uuid_kill 00000000-0000-0000-0000-000000000000"))).reply())
        .isEqualTo("-ERR No such channel!\n");
    assertThat(result(client.command(new EslCommand.NixEvent(List.of("CHANNEL_CREATE"))))).isEqualTo("+OK events nixed");
    assertThat(result(client.sendEvent("CUSTOM", EslHeaders.of("Event-Subclass", "test::capture",
        "X-Test", "a value with spaces"), "body line one\nbody line two\n")))
        .isEqualTo("1fe7ce96-53a7-4fd7-ac21-96fc553d19eb");
    assertThat(result(client.command(new EslCommand.NoEvents()))).isEqualTo("+OK no longer listening for events");
    result(client.close());

    assertThat(server.mismatches()).isEmpty();
    assertThat(server.received().get(1)).isEqualTo("event plain CHANNEL_CREATE CHANNEL_ANSWER CHANNEL_HANGUP "
        + "CHANNEL_HANGUP_COMPLETE BACKGROUND_JOB CUSTOM test::capture\n\n");
    assertThat(sequences(events)).isEqualTo(sequences(capturedEvents(transcript)));
    EslEvent custom = events.stream().filter(e -> "CUSTOM".equals(e.name())).findFirst().orElseThrow();
    assertThat(custom.subclass()).isEqualTo("test::capture");
    assertThat(custom.header("X-Test")).isEqualTo("a value with spaces");
    assertThat(custom.body()).isEqualTo("body line one\nbody line two\n");
  }

  private void start(Transcript transcript, boolean split, List<String> eventNames, List<String> subclasses) {
    server = result(TranscriptServer.start(vertx, transcript, ClientBytesMatcher.bindingHeaders("Job-UUID"),
        split ? new Random(42) : null));
    InboundOptions options = InboundOptions.of("fs1", "127.0.0.1", server.port(), "ClueCon")
        .withEvents(eventNames, subclasses)
        .withCommandTimeout(Duration.ofSeconds(5));
    client = InboundClient.create(vertx, options, new Backoff(Duration.ofMillis(10), Duration.ofMillis(10), () -> 1.0),
        () -> {
          String id = UUID.randomUUID().toString();
          jobUuids.add(id);
          return id;
        });
    client.eventHandler(events::add);
    result(client.start());
    assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED);
  }

  private static List<EslFrame> frames(byte[] bytes) {
    List<EslFrame> out = new ArrayList<>();
    EslFrameParser parser = new EslFrameParser(out::add, e -> {
      throw new AssertionError(e);
    });
    parser.feed(bytes, 0, bytes.length);
    return out;
  }

  private static String apiBodyAfter(Transcript t, String command) {
    return frames(t.fsBytesAfter(command)).stream().filter(f -> f.kind() == FrameKind.API_RESPONSE)
        .findFirst().orElseThrow().bodyAsString();
  }

  private static List<EslEvent> capturedEvents(Transcript t) {
    return frames(t.fsBytes()).stream().filter(f -> f.kind().isEvent()).map(EslEvent::from).toList();
  }

  private static String backgroundJobBody(Transcript t, String jobUuid) {
    return capturedEvents(t).stream().filter(e -> jobUuid.equals(e.header("Job-UUID"))).findFirst().orElseThrow().body();
  }

  private static List<String> sequences(List<EslEvent> list) {
    return list.stream().map(e -> e.name() + "#" + e.sequence()).toList();
  }
}
