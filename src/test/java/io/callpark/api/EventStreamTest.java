package io.callpark.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callpark.api.stats.InMemoryStatsStore;
import io.callpark.api.stats.ParkStats;
import io.callpark.config.HttpConfig;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /api/events/stream}: Server-Sent Events of the cluster's park events. */
class EventStreamTest {
  private ApiHarness h;
  private HttpClient client;

  @BeforeEach
  void start() throws Exception {
    h = new ApiHarness();
    client = h.vertx.createHttpClient();
  }

  @AfterEach
  void stop() throws Exception {
    ApiHarness.get(client.close());
    h.close();
  }

  /** Opens a stream and collects what arrives into {@code into}. */
  private HttpClientResponse open(int port, String path, String token, String lastId, StringBuffer into)
      throws Exception {
    RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port).setURI(path);
    if (token != null) {
      o.addHeader("Authorization", "Bearer " + token);
    }
    if (lastId != null) {
      o.addHeader("Last-Event-ID", lastId);
    }
    // The handler is set on the event loop as the head arrives, so no early chunk is missed.
    return ApiHarness.get(client.request(o).compose(req -> req.send()).map(r -> r.handler(b -> into.append(b.toString()))));
  }

  @Test
  void aParkIsDeliveredAsAJsonEventWithItsSeqAsId() throws Exception {
    StringBuffer got = new StringBuffer();
    HttpClientResponse r = open(h.port, "/api/events/stream", ApiHarness.READ, null, got);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).startsWith("text/event-stream");
    await().until(() -> got.toString().contains("callpark event stream"));
    String alice = h.call("5900", "Alice", "1000");
    await().until(() -> got.toString().contains("\"type\":\"parked\""));
    String frame = List.of(got.toString().split("\n\n")).stream().filter(f -> f.contains("\"parked\"")).findFirst()
        .orElseThrow();
    assertThat(frame).startsWith("id: ");
    JsonObject event = new JsonObject(frame.substring(frame.indexOf("data: ") + 6));
    assertThat(event.getString("call")).isEqualTo(alice);
    assertThat(event.getString("slot")).isEqualTo("6001");
    assertThat(frame.substring(4, frame.indexOf('\n'))).isEqualTo(Long.toString(event.getLong("seq")));
  }

  @Test
  void aBrowserMayGiveTheTokenAsAQueryParameterOnTheStreamOnly() throws Exception {
    StringBuffer got = new StringBuffer();
    HttpClientResponse r = open(h.port, "/api/events/stream?access_token=" + ApiHarness.READ, null, null, got);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(h.get("/api/lots?access_token=" + ApiHarness.READ, null).statusCode()).isEqualTo(401);
    HttpClientResponse none = open(h.port, "/api/events/stream", null, null, new StringBuffer());
    assertThat(none.statusCode()).isEqualTo(401);
  }

  @Test
  void aReconnectingClientFirstGetsTheEventsItMissed() throws Exception {
    h.call("5900", "Alice", "1000");
    h.call("5900", "Bob", "1001");
    await().until(() -> h.slot("6002").isPresent());
    // The two parks race: whichever was published first is the one the client has already seen.
    io.vertx.core.json.JsonArray events = h.get("/api/events", ApiHarness.READ).bodyAsJsonObject().getJsonArray("events");
    JsonObject first = events.getJsonObject(0);
    for (int i = 1; i < events.size(); i++) {
      if (events.getJsonObject(i).getLong("seq") < first.getLong("seq")) {
        first = events.getJsonObject(i);
      }
    }
    long firstSeq = first.getLong("seq");
    String missed = first.encode().contains("\"Alice\"") ? "\"Bob\"" : "\"Alice\"";
    StringBuffer got = new StringBuffer();
    open(h.port, "/api/events/stream", ApiHarness.READ, Long.toString(firstSeq), got);
    await().until(() -> got.toString().contains(missed));
    assertThat(got.toString()).doesNotContain("id: " + firstSeq + "\n").contains("id: " + (firstSeq + 1) + "\n");
  }

  @Test
  void anIdleStreamGetsKeepAliveComments() throws Exception {
    ApiServer quick = new ApiServer(h.vertx, HttpConfig.loopback(List.of(new HttpConfig.Token("board",
        HttpConfig.Role.READ, ApiHarness.READ))), h.node.parking(), h.stores.feed(),
        new ParkStats(new InMemoryStatsStore()), h.clock, Duration.ofMillis(50));
    int port = ApiHarness.get(quick.start());
    try {
      StringBuffer got = new StringBuffer();
      open(port, "/api/events/stream", ApiHarness.READ, null, got);
      await().until(() -> got.toString().contains(": keep-alive\n\n"));
      await().until(() -> quick.openStreams() == 1);
    } finally {
      ApiHarness.get(quick.stop());
    }
  }
}
