package io.callpark.management;

import static io.callpark.node.RunningNode.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callpark.metrics.PrometheusText;
import io.callpark.node.RunningNode;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The management listener of a node in this process: health as the node comes up and loses its box. */
class ManagementServerTest {
  private RunningNode n;

  @BeforeEach
  void create() throws Exception {
    n = new RunningNode(); // management listener up, node not started yet
  }

  @AfterEach
  void close() throws Exception {
    n.close();
  }

  private HttpResponse<String> http(String path) throws Exception {
    return Http.get(n.managementPort(), path);
  }

  private JsonObject ready() throws Exception {
    return new JsonObject(http("/health/ready").body());
  }

  @Test
  void readyTurnsFrom503To200AsListenerAndBoxComeUpAndBackWhenTheBoxDrops() throws Exception {
    HttpResponse<String> before = http("/health/ready");
    assertThat(before.statusCode()).isEqualTo(503);
    assertThat(new JsonObject(before.body()).getJsonArray("failed").getList()).contains("outbound", "boxes");
    assertThat(before.headers().firstValue("Content-Type")).hasValue("application/json");

    n.startNode();
    await().until(() -> http("/health/ready").statusCode() == 200);
    assertThat(ready().getBoolean("ready")).isTrue();
    assertThat(ready().getJsonArray("failed")).isEmpty();

    get(n.fs.refuseConnections());
    get(n.fs.dropAllConnections());
    await().until(() -> http("/health/ready").statusCode() == 503);
    JsonObject down = ready();
    assertThat(down.getJsonArray("failed").getList()).containsExactly("boxes");
    assertThat(down.getJsonArray("checks").getJsonObject(2).getString("detail")).contains("0 of 1").contains("fs1");

    get(n.fs.acceptConnections());
    await().until(() -> http("/health/ready").statusCode() == 200);
  }

  @Test
  void aNodeOutOfTheClusterOrDrainingIsNotReadyButStillLive() throws Exception {
    n.startNode();
    await().until(() -> http("/health/ready").statusCode() == 200);
    n.membership.leave("node1");
    assertThat(http("/health/ready").statusCode()).isEqualTo(503);
    assertThat(ready().getJsonArray("failed").getList()).containsExactly("cluster");
    n.membership.join("node1");
    assertThat(http("/health/ready").statusCode()).isEqualTo(200);

    get(n.node.drain(Duration.ofSeconds(1)));
    assertThat(http("/health/ready").statusCode()).isEqualTo(503);
    assertThat(ready().getJsonArray("failed").getList()).contains("outbound");
    assertThat(http("/health/live").statusCode()).isEqualTo(200);
  }

  @Test
  void metricsAreServedAsPrometheusText() throws Exception {
    n.startNode();
    HttpResponse<String> r = http("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
    PrometheusText p = PrometheusText.parse(r.body());
    assertThat(p.value("callpark_parked_calls", "lot", "default")).isZero();
  }

  @Test
  void statusAndSlotsDescribeTheParkedCalls() throws Exception {
    n.startNode();
    String alice = n.call("5900", "Alice", "1000");
    await().until(() -> n.parkedCount() == 1);
    n.clock.advance(Duration.ofSeconds(45)); // parkingTime is 60 s
    JsonObject status = new JsonObject(http("/status").body());
    assertThat(status.getString("node")).isEqualTo("node1");
    assertThat(status.getInteger("parked")).isEqualTo(1);
    assertThat(status.getJsonArray("members").getList()).containsExactly("node1");
    assertThat(status.getJsonArray("lots").getJsonObject(0).getInteger("parked")).isEqualTo(1);
    JsonObject slot = new JsonObject(http("/slots").body()).getJsonArray("slots").getJsonObject(0);
    assertThat(slot.getString("slot")).isEqualTo("6001");
    assertThat(slot.getString("callUuid")).isEqualTo(alice);
    assertThat(slot.getString("callerIdName")).isEqualTo("Alice");
    assertThat(slot.getLong("waitingSeconds")).isEqualTo(45);
  }

  @Test
  void onlyGetIsServedAndUnknownPathsAre404() throws Exception {
    HttpResponse<String> post = Http.send(HttpRequest.newBuilder(Http.uri(n.managementPort(), "/status"))
        .POST(HttpRequest.BodyPublishers.ofString("x")).build());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(http("/nope").statusCode()).isEqualTo(404);
    assertThat(http("/health/live").statusCode()).isEqualTo(200);
  }
}
