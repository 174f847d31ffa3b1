package io.callpark.sim;

import static io.callpark.sim.EslTestClient.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callpark.esl.codec.EslCommand;
import io.callpark.esl.codec.EslFrame;
import io.callpark.esl.codec.FrameKind;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link SimPolicy} knobs and connection-level faults a client must survive. */
class MisbehaviourTest {
  private Vertx vertx;
  private FakeFreeSwitch fs;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    fs = await(FakeFreeSwitch.start(vertx));
  }

  @AfterEach
  void stop() {
    await(fs.close());
    await(vertx.close());
  }

  @Test
  void framesSplitAtEveryByteStillArriveWhole() {
    fs.policy().chunking(SimPolicy.Chunking.EVERY_BYTE);
    try (EslTestClient c = EslTestClient.authenticated(vertx, fs)) {
      assertThat(c.api("status")).contains("is ready");
      c.call(new EslCommand.Event("plain", List.of("HEARTBEAT"), List.of()));
      await(fs.fireHeartbeat());
      assertThat(c.nextEvent().header("Event-Info")).isEqualTo("System Ready");
      assertThat(c.errors()).isEmpty();
    }
  }

  @Test
  void framesSplitAtRandomStillArriveWhole() {
    fs.policy().chunking(SimPolicy.Chunking.RANDOM).chunkSeed(7);
    try (EslTestClient c = EslTestClient.authenticated(vertx, fs)) {
      for (int i = 0; i < 20; i++) {
        assertThat(c.api("show channels count")).isEqualTo("\n0 total.\n");
      }
      assertThat(c.errors()).isEmpty();
    }
  }

  @Test
  void delayedRepliesArriveLateAndInOrder() {
    try (EslTestClient c = EslTestClient.authenticated(vertx, fs)) {
      fs.policy().replyDelay(Duration.ofMillis(200));
      long t0 = System.nanoTime();
      c.send(new EslCommand.Api("show channels count"));
      c.send(new EslCommand.Api("status"));
      assertThat(c.nextReply().bodyAsString()).isEqualTo("\n0 total.\n");
      assertThat(c.nextReply().bodyAsString()).contains("is ready");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }
  }

  @Test
  void rudeRejectionTellsTheClientToGoAwayAndCloses() {
    fs.policy().rudeRejection(true);
    try (EslTestClient c = EslTestClient.connect(vertx, fs.port())) {
      EslFrame f = c.nextReply();
      assertThat(f.kind()).isEqualTo(FrameKind.RUDE_REJECTION);
      assertThat(f.bodyAsString()).isEqualTo("Access Denied, go away.\n");
      await().atMost(Duration.ofSeconds(2)).until(c::closed);
    }
  }

  @Test
  void droppedConnectionsCloseWithoutANotice() {
    try (EslTestClient c = EslTestClient.authenticated(vertx, fs)) {
      long id = fs.connections().get(0).id();
      await(fs.dropConnection(id));
      await().atMost(Duration.ofSeconds(2)).until(c::closed);
      assertThat(c.frames()).extracting(EslFrame::kind).doesNotContain(FrameKind.DISCONNECT_NOTICE);
      await().untilAsserted(() -> assertThat(fs.connections().get(0).open()).isFalse());
    }
  }

  @Test
  void refusedConnectionsFailUntilTheBoxListensAgainOnTheSamePort() {
    int port = fs.port();
    await(fs.refuseConnections());
    try {
      EslTestClient.connect(vertx, port).close();
    } catch (AssertionError refused) {
      // ECONNREFUSED, as expected; a rare TCP self-connect to the freed port is not the box either
    }
    await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> fs.connections().isEmpty());
    await(fs.acceptConnections());
    assertThat(fs.port()).isEqualTo(port);
    try (EslTestClient c = EslTestClient.authenticated(vertx, fs)) {
      assertThat(c.api("status")).contains("is ready");
    }
  }

  @Test
  void aMalformedFrameTripsTheClientsParser() {
    try (EslTestClient c = EslTestClient.authenticated(vertx, fs)) {
      await(fs.sendMalformedFrame(fs.connections().get(0).id()));
      await().atMost(Duration.ofSeconds(2)).until(() -> !c.errors().isEmpty());
      assertThat(c.errors().get(0).getMessage()).contains("without a colon");
    }
  }

  @Test
  void aFrozenBoxRecordsCommandsButAnswersNothingUntilThawed() {
    try (EslTestClient c = EslTestClient.authenticated(vertx, fs)) {
      fs.policy().frozen(true);
      c.send(new EslCommand.Api("status"));
      await().atMost(Duration.ofSeconds(2)).until(() -> fs.requests().stream().anyMatch(r -> r.line().equals("api status")));
      await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1))
          .until(() -> c.frames().size() == 2);
      fs.policy().frozen(false);
      assertThat(c.api("show channels count")).isEqualTo("\n0 total.\n");
    }
  }

  @Test
  void anyPasswordIsAcceptedWhenAsked() {
    fs.policy().acceptAnyPassword(true);
    try (EslTestClient c = EslTestClient.connect(vertx, fs.port())) {
      c.nextReply();
      assertThat(c.call(new EslCommand.Auth("whatever")).replyText()).isEqualTo("+OK accepted");
    }
  }
}
