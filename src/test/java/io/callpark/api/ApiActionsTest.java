package io.callpark.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callpark.parking.ParkEvent;
import io.callpark.parking.SlotRecord;
import io.callpark.parking.SlotState;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator's actions over HTTP against one node and FakeFreeSwitch, asserted on what the box was asked. */
class ApiActionsTest {
  private ApiHarness h;

  @BeforeEach
  void start() throws Exception {
    h = new ApiHarness();
  }

  @AfterEach
  void stop() throws Exception {
    h.close();
  }

  @Test
  void aLiveCallParkedByUuidIsTransferredToTheParkExtensionAndTakesTheAskedSlot() throws Exception {
    String alice = h.call("operator", "Alice", "+15550100");
    await().until(() -> h.fs.channel(alice).isPresent());
    HttpResponse<Buffer> r = h.post("/api/calls/" + alice + "/park", ApiHarness.OPERATOR,
        "{\"lot\":\"default\",\"slot\":\"6004\",\"parker\":\"1000\"}");
    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(r.bodyAsJsonObject().getString("result")).isEqualTo("park-requested");
    assertThat(r.bodyAsJsonObject().getString("slot")).isEqualTo("6004");
    assertThat(h.apiCommands()).contains("uuid_transfer " + alice + " park XML default");
    await().until(() -> h.slot("6004").map(SlotRecord::state).orElse(null) == SlotState.PARKED);
    SlotRecord rec = h.slot("6004").orElseThrow();
    assertThat(rec.callUuid()).isEqualTo(alice);
    assertThat(rec.parker()).isEqualTo("1000");
    assertThat(h.eventTypes()).containsSubsequence(ParkEvent.Type.RESERVED, ParkEvent.Type.PARKED);
  }

  @Test
  void parkingByUuidIntoATakenSlotIs409AndAnUnknownCallIs404() throws Exception {
    h.call("5900", "Alice", "1000");
    await().until(() -> h.slot("6001").isPresent());
    String bob = h.call("operator", "Bob", "1001");
    HttpResponse<Buffer> taken = h.post("/api/calls/" + bob + "/park", ApiHarness.OPERATOR, "{\"slot\":\"6001\"}");
    assertThat(taken.statusCode()).isEqualTo(409);
    assertThat(taken.bodyAsJsonObject().getString("type")).isEqualTo("urn:callpark:problem:slot-occupied");
    HttpResponse<Buffer> unknown = h.post("/api/calls/00000000-0000-0000-0000-000000000000/park", ApiHarness.OPERATOR,
        "{}");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.bodyAsJsonObject().getString("field")).isEqualTo("uuid");
    assertThat(h.apiCommands()).noneMatch(c -> c.startsWith("uuid_transfer"));
  }

  @Test
  void aParkBodyWithABadFieldIsRefusedNamingIt() throws Exception {
    String bob = h.call("operator", "Bob", "1001");
    HttpResponse<Buffer> slot = h.post("/api/calls/" + bob + "/park", ApiHarness.OPERATOR, "{\"slot\":\"60\\u000701\"}");
    assertThat(slot.statusCode()).isEqualTo(400);
    assertThat(slot.bodyAsJsonObject().getString("field")).isEqualTo("slot");
    assertThat(slot.bodyAsJsonObject().getString("value")).isEqualTo("6001");
    HttpResponse<Buffer> extra = h.post("/api/calls/" + bob + "/park", ApiHarness.OPERATOR, "{\"slto\":\"6001\"}");
    assertThat(extra.statusCode()).isEqualTo(400);
    assertThat(extra.bodyAsJsonObject().getString("field")).isEqualTo("slto");
    HttpResponse<Buffer> parker = h.post("/api/calls/" + bob + "/park", ApiHarness.OPERATOR, "{\"parker\":\"1000 x\"}");
    assertThat(parker.bodyAsJsonObject().getString("field")).isEqualTo("parker");
    HttpResponse<Buffer> notJson = h.post("/api/calls/" + bob + "/park", ApiHarness.OPERATOR, "[1,2");
    assertThat(notJson.bodyAsJsonObject().getString("field")).isEqualTo("body");
    HttpResponse<Buffer> uuid = h.post("/api/calls/abc%20def/park", ApiHarness.OPERATOR, "{}");
    assertThat(uuid.statusCode()).isEqualTo(400);
    assertThat(uuid.bodyAsJsonObject().getString("field")).isEqualTo("uuid");
    assertThat(h.apiCommands()).noneMatch(c -> c.startsWith("uuid_transfer"));
  }

  @Test
  void retrievingToAnExtensionRingsItThenBridgesItToTheParkedCaller() throws Exception {
    String alice = h.call("5900", "Alice", "1000");
    await().until(() -> h.slot("6001").isPresent());
    HttpResponse<Buffer> r = h.post("/api/lots/default/slots/6001/retrieve", ApiHarness.OPERATOR,
        "{\"extension\":\"1001\"}");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getString("result")).isEqualTo("retrieved");
    String leg = body.getString("leg");
    assertThat(h.apiCommands()).anyMatch(c -> c.startsWith("originate {") && c.contains("user/1001@127.0.0.1 &park()"));
    assertThat(h.apiCommands()).contains("uuid_bridge " + leg + " " + alice);
    assertThat(h.slot("6001")).isEmpty();
    await().until(() -> alice.equals(h.fs.channel(leg).orElseThrow().bridgedTo()));
    ParkEvent retrieved = h.events.stream().filter(e -> e.type() == ParkEvent.Type.RETRIEVED).findFirst().orElseThrow();
    assertThat(retrieved.by()).isEqualTo("1001");
  }

  @Test
  void retrievingAnEmptySlotIs409AndRingsNobody() throws Exception {
    HttpResponse<Buffer> r = h.post("/api/lots/default/slots/6002/retrieve", ApiHarness.OPERATOR,
        "{\"extension\":\"1001\"}");
    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(r.bodyAsJsonObject().getString("type")).isEqualTo("urn:callpark:problem:slot-empty");
    HttpResponse<Buffer> noExt = h.post("/api/lots/default/slots/6002/retrieve", ApiHarness.OPERATOR, "{}");
    assertThat(noExt.statusCode()).isEqualTo(400);
    assertThat(noExt.bodyAsJsonObject().getString("field")).isEqualTo("extension");
    assertThat(h.apiCommands()).noneMatch(c -> c.startsWith("originate"));
  }

  @Test
  void escalatingNowRunsTheFirstStepAtOnce() throws Exception {
    h.call("5900", "Alice", "1000");
    await().until(() -> h.slot("6001").isPresent());
    HttpResponse<Buffer> r = h.post("/api/lots/default/slots/6001/escalate", ApiHarness.OPERATOR, null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getString("step")).isEqualTo("recall");
    assertThat(h.eventTypes()).contains(ParkEvent.Type.TIMEOUT);
    HttpResponse<Buffer> empty = h.post("/api/lots/default/slots/6005/escalate", ApiHarness.OPERATOR, null);
    assertThat(empty.statusCode()).isEqualTo(409);
  }

  @Test
  void hangingUpKillsTheCallWithManagerRequestAndTheSlotIsFreedAsHungUp() throws Exception {
    String alice = h.call("5900", "Alice", "1000");
    await().until(() -> h.slot("6001").isPresent());
    HttpResponse<Buffer> r = h.post("/api/lots/default/slots/6001/hangup", ApiHarness.OPERATOR, null);
    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(h.apiCommands()).contains("uuid_kill " + alice + " MANAGER_REQUEST");
    await().until(() -> h.slot("6001").isEmpty());
    await().until(() -> h.eventTypes().contains(ParkEvent.Type.HUNG_UP));
    assertThat(h.eventTypes()).doesNotContain(ParkEvent.Type.ABANDONED);
  }

  @Test
  void statisticsCountTheParkTheRetrievalItsWaitAndWhoRetrieved() throws Exception {
    h.call("5900", "Alice", "1000");
    await().until(() -> h.slot("6001").isPresent());
    h.clock.advance(java.time.Duration.ofSeconds(25));
    h.call("6001", "Reception", "1001");
    await().until(() -> h.eventTypes().contains(ParkEvent.Type.RETRIEVED));
    HttpResponse<Buffer> r = h.get("/api/stats?lot=default&window=hour&buckets=2", ApiHarness.READ);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject lot = r.bodyAsJsonObject().getJsonArray("lots").getJsonObject(0);
    assertThat(lot.getJsonArray("buckets")).hasSize(2);
    JsonObject now = lot.getJsonArray("buckets").getJsonObject(0);
    assertThat(now.getLong("parked")).isEqualTo(1);
    assertThat(now.getLong("retrieved")).isEqualTo(1);
    JsonObject wait = now.getJsonObject("waitBeforeRetrieval");
    assertThat(wait.getDouble("averageSeconds")).isEqualTo(25.0);
    assertThat(wait.getLong("p90Seconds")).isEqualTo(30);
    assertThat(now.getJsonArray("retrievers").getJsonObject(0).getString("extension")).isEqualTo("1001");
    assertThat(lot.getJsonObject("total").getLong("parked")).isEqualTo(1);
    HttpResponse<Buffer> bad = h.get("/api/stats?window=week", ApiHarness.READ);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.bodyAsJsonObject().getString("field")).isEqualTo("window");
  }
}
