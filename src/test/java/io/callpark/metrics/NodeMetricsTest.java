package io.callpark.metrics;

import static io.callpark.node.RunningNode.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callpark.node.RunningNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The metrics of a running node move as FakeFreeSwitch parks, retrieves and drops calls. */
class NodeMetricsTest {
  private RunningNode n;

  @BeforeEach
  void start() throws Exception {
    n = new RunningNode().startNode();
    await().until(() -> n.node.links().get(0).isConnected());
  }

  @AfterEach
  void stop() throws Exception {
    n.close();
  }

  private PrometheusText scrape() throws Exception {
    return PrometheusText.parse(get(n.metrics.scrape()));
  }

  private double value(String name, String... labels) throws Exception {
    return scrape().value(name, labels);
  }

  @Test
  void aParkAndARetrieveCountOnceEachAndAreTimed() throws Exception {
    assertThat(value("callpark_parks_total", "lot", "default", "node", "node1")).isZero();
    assertThat(value("callpark_park_latency_seconds_count", "lot", "default")).isZero();

    String alice = n.call("5900", "Alice", "1000");
    await().until(() -> value("callpark_park_latency_seconds_count", "lot", "default") == 1);
    assertThat(value("callpark_parks_total", "lot", "default")).isEqualTo(1);
    assertThat(value("callpark_parked_calls", "lot", "default")).isEqualTo(1);
    assertThat(value("callpark_parked_calls_held", "lot", "default")).isEqualTo(1);
    assertThat(value("callpark_esl_outbound_connections")).isEqualTo(1);

    String reception = n.call("6001", "Reception", "1001");
    await().until(() -> value("callpark_retrieves_total", "lot", "default", "how", "slot") == 1);
    assertThat(value("callpark_retrieve_latency_seconds_count", "lot", "default")).isEqualTo(1);
    assertThat(value("callpark_parked_calls", "lot", "default")).isZero();
    assertThat(value("callpark_parks_total", "lot", "default")).isEqualTo(1);
    assertThat(value("callpark_abandons_total", "lot", "default")).isZero();
    assertThat(n.fs.channel(reception).orElseThrow().bridgedTo()).isEqualTo(alice);
  }

  @Test
  void aParkedCallerWhoHangsUpCountsAsAnAbandon() throws Exception {
    String bob = n.call("5900", "Bob", "1002");
    await().until(() -> value("callpark_parked_calls", "lot", "default") == 1);
    get(n.fs.hangup(bob));
    await().until(() -> value("callpark_abandons_total", "lot", "default") == 1);
    assertThat(value("callpark_parked_calls", "lot", "default")).isZero();
    assertThat(value("callpark_retrieves_total", "lot", "default", "how", "slot")).isZero();
  }

  @Test
  void aDroppedBoxLinkShowsAsDownThenAsOneReconnect() throws Exception {
    assertThat(value("callpark_esl_inbound_connections", "box", "fs1")).isEqualTo(1);
    assertThat(value("callpark_esl_reconnects_total", "box", "fs1")).isZero();
    get(n.fs.refuseConnections());
    get(n.fs.dropAllConnections());
    await().until(() -> value("callpark_esl_inbound_connections", "box", "fs1") == 0);
    get(n.fs.acceptConnections());
    await().until(() -> value("callpark_esl_reconnects_total", "box", "fs1") == 1);
    assertThat(value("callpark_esl_inbound_connections", "box", "fs1")).isEqualTo(1);
  }

  @Test
  void theExpositionParsesAndHasEveryCallparkFamily() throws Exception {
    PrometheusText p = scrape();
    assertThat(p.seriesNames()).contains("callpark_parks_total", "callpark_retrieves_total", "callpark_abandons_total",
        "callpark_timeouts_total", "callpark_escalations_total", "callpark_recalls_total", "callpark_refusals_total",
        "callpark_parked_calls", "callpark_parked_calls_held", "callpark_park_latency_seconds_bucket",
        "callpark_retrieve_latency_seconds_bucket", "callpark_esl_inbound_connections", "callpark_esl_reconnects_total",
        "callpark_esl_outbound_connections", "callpark_cluster_members", "jvm_memory_used_bytes");
    assertThat(p.type("callpark_park_latency_seconds")).isEqualTo("histogram");
    assertThat(p.type("callpark_parked_calls")).isEqualTo("gauge");
    assertThat(p.value("callpark_cluster_members")).isEqualTo(1);
    assertThat(p.samples()).allSatisfy(s -> {
      if (s.name().startsWith("callpark_")) {
        assertThat(s.labels()).containsEntry("node", "node1");
      }
    });
  }
}
