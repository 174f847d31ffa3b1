package io.callpark.esl.inbound;

import static io.callpark.esl.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callpark.esl.codec.EslEvent;
import io.callpark.esl.codec.EslHeaders;
import io.callpark.sim.FakeFreeSwitch;
import io.callpark.sim.RecordedRequest;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** End to end: the inbound client against the simulated box that the demo and the other tests use. */
class InboundClientAgainstFakeFreeSwitchTest {
  private Vertx vertx;
  private FakeFreeSwitch fs;
  private InboundClient client;
  private final List<EslEvent> events = new CopyOnWriteArrayList<>();
  private final List<ConnectionState> states = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    fs = result(FakeFreeSwitch.start(vertx));
    client = InboundClient.create(vertx, InboundOptions.of("fs1", fs.host(), fs.port(), fs.password())
        .withBackoff(Duration.ofMillis(10), Duration.ofMillis(50)));
    client.eventHandler(events::add);
    client.connectionStateHandler(c -> states.add(c.state()));
  }

  @AfterEach
  void tearDown() {
    result(client.close());
    result(fs.close());
    result(vertx.close());
  }

  @Test
  void authenticatesRunsApiAndBgapiAndThePresenceInItSendsReachesTheBox() {
    result(client.start());

    assertThat(result(client.api("status"))).contains("is ready");
    assertThat(result(client.bgapi("status"))).contains("is ready");
    String eventUuid = result(client.sendEvent("PRESENCE_IN", EslHeaders.of(
        "proto", "park", "login", "6001", "from", "6001@127.0.0.1", "rpid", "active",
        "force-status", "Holding", "event_type", "presence", "alt_event_type", "dialog", "event_count", "1",
        "unique-id", "6001", "channel-state", "CS_ROUTING", "answer-state", "confirmed",
        "presence-call-direction", "outbound"), null));

    await().atMost(Duration.ofSeconds(5)).until(() -> fs.presenceIn().size() == 1);
    EslEvent lamp = fs.presenceIn().get(0);
    assertThat(lamp.header("from")).isEqualTo("6001@127.0.0.1");
    assertThat(lamp.header("force-status")).isEqualTo("Holding");
    assertThat(lamp.header("answer-state")).isEqualTo("confirmed");
    assertThat(eventUuid).isNotBlank();
    await().atMost(Duration.ofSeconds(5)).until(() -> events.stream().anyMatch(e -> "PRESENCE_IN".equals(e.name())));
    assertThat(fs.requests()).extracting(RecordedRequest::verb)
        .containsSubsequence("auth", "event", "api", "bgapi", "sendevent");
    assertThat(fs.requests().stream().filter(r -> r.verb().equals("bgapi")).findFirst().orElseThrow()
        .header("Job-UUID")).as("our own Job-UUID").isNotBlank();

    result(client.close());
    await().atMost(Duration.ofSeconds(5)).until(() -> fs.requests().stream().anyMatch(r -> r.verb().equals("exit")));
    assertThat(client.state()).isEqualTo(ConnectionState.CLOSED);
  }

  @Test
  void reconnectsAndSubscribesAgainWhenTheBoxDropsTheConnection() {
    result(client.start());

    result(fs.dropAllConnections());

    await().atMost(Duration.ofSeconds(5)).until(() -> states.equals(List.of(ConnectionState.CONNECTING,
        ConnectionState.CONNECTED, ConnectionState.DISCONNECTED, ConnectionState.CONNECTING, ConnectionState.CONNECTED)));
    assertThat(fs.requests().stream().filter(r -> r.verb().equals("event")).count()).isEqualTo(2);
    assertThat(result(client.api("status"))).contains("is ready");
  }
}
