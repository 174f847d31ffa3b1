package io.callpark.esl.inbound;

import static io.callpark.esl.inbound.ConnectionState.AUTH_FAILED;
import static io.callpark.esl.inbound.ConnectionState.CLOSED;
import static io.callpark.esl.inbound.ConnectionState.CONNECTED;
import static io.callpark.esl.inbound.ConnectionState.CONNECTING;
import static io.callpark.esl.inbound.ConnectionState.DISCONNECTED;
import static io.callpark.esl.testing.Await.failure;
import static io.callpark.esl.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callpark.esl.codec.EslFrameWriter;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Connecting, refusals, losing the link, reconnecting and closing, against a scripted server. */
class InboundClientConnectionTest {
  private final InboundFixture f = new InboundFixture();

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void authenticatesThenSubscribesWithCustomLastThenSendsTheFiltersThenReportsConnected() {
    f.client(f.options()
        .withEvents(List.of("CHANNEL_PARK", "CUSTOM", "PRESENCE_PROBE"), List.of("valet_parking::info", "callpark::info"))
        .withFilters(List.of(new EventFilter("Event-Name", "PRESENCE_PROBE"))));

    result(f.client.start());

    assertThat(f.fs.sessions().get(0).lines()).containsExactly(
        "auth ClueCon",
        "event plain CHANNEL_PARK PRESENCE_PROBE BACKGROUND_JOB CUSTOM valet_parking::info callpark::info",
        "filter Event-Name PRESENCE_PROBE");
    assertThat(f.client.state()).isEqualTo(CONNECTED);
    assertThat(f.states()).containsExactly(CONNECTING, CONNECTED);
  }

  @Test
  void wrongPasswordIsReportedAsAuthFailedWithAClearErrorRetriedAtMaxBackoffAndNeverLogged() {
    String secret = "not-ClueCon-s3cret";
    try (LogCapture logs = new LogCapture("io.callpark.esl")) {
      f.client(f.options().withPassword(secret));

      Throwable error = failure(f.client.start());

      assertThat(error).isInstanceOf(EslAuthException.class)
          .hasMessageStartingWith("authentication to box fs1 at 127.0.0.1:" + f.fs.port() + " refused: wrong password");
      await().atMost(Duration.ofSeconds(5)).until(() -> f.fs.sessions().size() >= 3);
      List<ConnectionStateChange> refusals = f.changes.stream().filter(c -> c.state() == AUTH_FAILED).toList();
      assertThat(refusals).isNotEmpty().allSatisfy(c -> {
        assertThat(c.retryIn()).isEqualTo(InboundFixture.MAX);
        assertThat(c.cause()).isInstanceOf(EslAuthException.class);
      });
      assertThat(f.fs.sessions().get(0).requests().get(0).argument()).as("the password was sent").isEqualTo(secret);
      assertThat(logs.lines()).anyMatch(l -> l.startsWith("ERROR authentication to box fs1") && l.contains("retrying"));
      assertThat(logs.lines()).noneMatch(l -> l.contains(secret));
      assertThat(f.client.options().toString()).doesNotContain(secret);
    }
  }

  @Test
  void aclRejectionIsReportedAsAuthFailedWithAClearError() {
    f.fs.onConnect(s -> {
      s.write(EslFrameWriter.rudeRejection());
      s.close();
    });
    f.client(f.options());

    Throwable error = failure(f.client.start());

    assertThat(error).isInstanceOf(EslAuthException.class)
        .hasMessage("connection to box fs1 at 127.0.0.1:" + f.fs.port()
            + " refused by FreeSWITCH's ACL (text/rude-rejection: Access Denied, go away.)");
    await().until(() -> f.states().contains(AUTH_FAILED));
  }

  @Test
  void droppedConnectionFailsEveryPendingFutureThenReconnectsAndSubscribesAgain() {
    f.fs.on("bgapi", (r, s) -> s.reply("+OK Job-UUID: " + r.header("Job-UUID"))); // result never comes
    f.fs.on("api hang", (r, s) -> { }); // never answered
    f.connected();

    Future<String> job = f.client.bgapi("originate loopback/9999 &park()", Duration.ofSeconds(30));
    Future<String> hanging = f.client.api("hang");
    await().until(() -> f.fs.sessions().get(0).lines().contains("api hang"));
    f.fs.sessions().get(0).close();

    assertThat(failure(hanging)).isInstanceOf(EslConnectionException.class)
        .hasMessageContaining("box fs1 at 127.0.0.1:" + f.fs.port())
        .hasMessageContaining("lost before the reply to 'api hang'")
        .hasMessageContaining("closed the connection");
    assertThat(failure(job)).isInstanceOf(EslConnectionException.class)
        .hasMessageContaining("lost before the result of 'bgapi originate loopback/9999 &park()'");
    await().atMost(Duration.ofSeconds(5)).until(() -> f.fs.sessions().size() == 2 && f.client.state() == CONNECTED);
    assertThat(f.fs.sessions().get(1).lines()).containsExactly("auth ClueCon", "event plain ALL");
    assertThat(f.states()).containsExactly(CONNECTING, CONNECTED, DISCONNECTED, CONNECTING, CONNECTED);
    assertThat(result(f.client.api("status"))).contains("is ready");
  }

  @Test
  void reconnectDelaysDoubleFromTheInitialBackoffAndStopAtTheMaximum() {
    f.client(f.options().withPort(f.deadPort()));

    assertThat(failure(f.client.start())).isInstanceOf(EslConnectionException.class).hasMessageContaining("cannot connect");
    await().atMost(Duration.ofSeconds(5)).until(() -> f.changes.stream().filter(c -> c.state() == DISCONNECTED).count() >= 5);

    List<Long> delays = f.changes.stream().filter(c -> c.state() == DISCONNECTED)
        .map(c -> c.retryIn().toMillis()).limit(5).toList();
    assertThat(delays).containsExactly(10L, 20L, 40L, 40L, 40L);
  }

  @Test
  void commandsWhileDisconnectedFailFastInsteadOfQueueing() {
    f.client(f.options().withPort(f.deadPort()));
    failure(f.client.start());

    Throwable error = failure(f.client.api("status"));

    assertThat(error).isInstanceOf(EslConnectionException.class)
        .hasMessageContaining("box fs1 at 127.0.0.1:")
        .hasMessageContaining("is not connected");
  }

  @Test
  void malformedFrameIsLoggedWithTheOffendingBytesAndTheConnectionIsReplaced() {
    f.fs.on("api broken", (r, s) -> s.write("Content-Type: api/response\nContent-Length: 12x\n\n"));
    f.connected();
    try (LogCapture logs = new LogCapture("io.callpark.esl")) {

      Throwable error = failure(f.client.api("broken"));

      assertThat(error).isInstanceOf(EslConnectionException.class)
          .hasMessageContaining("protocol error from box fs1")
          .hasMessageContaining("Content-Length is not a decimal number: \"12x\"");
      assertThat(logs.lines()).anyMatch(l -> l.startsWith("WARN") && l.contains("protocol error")
          && l.contains("\"12x\""));
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> f.fs.sessions().size() == 2 && f.client.state() == CONNECTED);
    assertThat(result(f.client.api("status"))).contains("is ready");
  }

  @Test
  void replyThatNoCommandWaitsForIsAProtocolErrorToo() {
    f.fs.on("api twice", (r, s) -> {
      s.write(EslFrameWriter.apiResponse("+OK\n"));
      s.write(EslFrameWriter.apiResponse("+OK again\n"));
    });
    f.connected();

    assertThat(result(f.client.api("twice"))).isEqualTo("+OK\n");

    await().atMost(Duration.ofSeconds(5)).until(() -> f.fs.sessions().size() == 2 && f.client.state() == CONNECTED);
    assertThat(f.changes.stream().filter(c -> c.state() == DISCONNECTED).findFirst().orElseThrow().cause())
        .hasMessageContaining("api/response with no command waiting for it");
  }

  @Test
  void commandTimeoutFailsTheFutureAndReplacesTheConnectionSinceFifoMatchingIsLost() {
    f.fs.on("api silent", (r, s) -> { });
    f.client(f.options().withCommandTimeout(Duration.ofMillis(500)));
    result(f.client.start());

    Throwable error = failure(f.client.api("silent"));

    assertThat(error).isInstanceOf(EslTimeoutException.class)
        .hasMessage("no reply to 'api silent' from box fs1 at 127.0.0.1:" + f.fs.port() + " within 500 ms");
    await().atMost(Duration.ofSeconds(5)).until(() -> f.fs.sessions().size() == 2 && f.client.state() == CONNECTED);
    assertThat(f.changes.stream().filter(c -> c.state() == DISCONNECTED).findFirst().orElseThrow().cause())
        .hasMessageContaining("could no longer be matched");
  }

  @Test
  void closeSaysExitStopsReconnectingAndFailsLaterCommands() {
    f.connected();

    result(f.client.close());

    assertThat(f.fs.sessions().get(0).lines()).endsWith("exit");
    assertThat(f.client.state()).isEqualTo(CLOSED);
    assertThat(f.states()).endsWith(CLOSED);
    assertThat(failure(f.client.api("status"))).isInstanceOf(EslConnectionException.class);
    await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> f.fs.sessions().size() == 1);
    assertThat(f.changes.stream().filter(c -> c.state() == DISCONNECTED)).isEmpty();
  }

  @Test
  void closeWhileRetryingCancelsTheRetryAndFailsNothingTwice() {
    f.client(f.options().withPort(f.deadPort()).withBackoff(Duration.ofSeconds(30), Duration.ofSeconds(30)));
    failure(f.client.start());

    result(f.client.close());

    assertThat(f.states()).containsExactly(CONNECTING, DISCONNECTED, CLOSED);
  }
}
