package io.callpark.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The read routes, authentication and input validation against one node and FakeFreeSwitch: what a
 * board or a script sees, and the problem+json it gets for each mistake.
 */
class ApiReadAndAuthTest {
  private static ApiHarness h;
  private static String alice;

  @BeforeAll
  static void parkOneCall() throws Exception {
    h = new ApiHarness();
    alice = h.call("5900", "Alice", "1000");
    await().until(() -> h.slot("6001").isPresent());
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  @Test
  void lotsListTheirRangeAndHowManyCallersAreParked() throws Exception {
    HttpResponse<Buffer> r = h.get("/api/lots", ApiHarness.READ);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject lot = r.bodyAsJsonObject().getJsonArray("lots").getJsonObject(0);
    assertThat(lot.getString("name")).isEqualTo("default");
    assertThat(lot.getJsonObject("slots").getString("from")).isEqualTo("6001");
    assertThat(lot.getJsonObject("slots").getInteger("count")).isEqualTo(10);
    assertThat(lot.getInteger("parked")).isEqualTo(1);
  }

  @Test
  void aLotsSlotsCarryTheParkedCallsDetails() throws Exception {
    h.clock.advance(Duration.ofSeconds(7));
    JsonArray slots = h.get("/api/lots/default/slots", ApiHarness.READ).bodyAsJsonObject().getJsonArray("slots");
    assertThat(slots).hasSize(1);
    JsonObject s = slots.getJsonObject(0);
    assertThat(s.getString("slot")).isEqualTo("6001");
    assertThat(s.getString("state")).isEqualTo("parked");
    JsonObject call = s.getJsonObject("call");
    assertThat(call.getString("uuid")).isEqualTo(alice);
    assertThat(call.getString("callerIdName")).isEqualTo("Alice");
    assertThat(call.getString("callerIdNumber")).isEqualTo("1000");
    assertThat(call.getString("parker")).isEqualTo("1000");
    assertThat(call.getLong("parkedSeconds")).isGreaterThanOrEqualTo(7);
    assertThat(call.getString("ownerNode")).isEqualTo("node1");
    assertThat(call.getString("box")).isEqualTo("fs1");
    assertThat(call.getString("nextDeadline")).isNotNull();
    assertThat(call.getJsonObject("escalation").getString("name")).isEqualTo("recall");
  }

  @Test
  void withEmptyTrueEverySlotOfTheLotIsListed() throws Exception {
    JsonArray slots = h.get("/api/lots/default/slots?empty=true", ApiHarness.READ).bodyAsJsonObject()
        .getJsonArray("slots");
    assertThat(slots).hasSize(10);
    assertThat(slots.getJsonObject(1).getString("state")).isEqualTo("empty");
    assertThat(h.get("/api/lots/default/slots/6002", ApiHarness.READ).bodyAsJsonObject().getString("state"))
        .isEqualTo("empty");
  }

  @Test
  void aParkedCallIsFoundByItsUuid() throws Exception {
    HttpResponse<Buffer> r = h.get("/api/calls/" + alice, ApiHarness.READ);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getString("slot")).isEqualTo("6001");
    HttpResponse<Buffer> none = h.get("/api/calls/0000-not-parked", ApiHarness.READ);
    assertThat(none.statusCode()).isEqualTo(404);
    assertThat(none.bodyAsJsonObject().getString("field")).isEqualTo("uuid");
  }

  @Test
  void recentEventsIncludeThePark() throws Exception {
    JsonArray events = h.get("/api/events?limit=10", ApiHarness.READ).bodyAsJsonObject().getJsonArray("events");
    assertThat(events.stream().map(e -> ((JsonObject) e).getString("type"))).contains("parked");
    JsonObject parked = events.stream().map(e -> (JsonObject) e).filter(e -> e.getString("type").equals("parked"))
        .findFirst().orElseThrow();
    assertThat(parked.getString("call")).isEqualTo(alice);
    assertThat(parked.getString("node")).isEqualTo("node1");
    long seq = parked.getLong("seq");
    JsonArray after = h.get("/api/events?after=" + seq, ApiHarness.READ).bodyAsJsonObject().getJsonArray("events");
    assertThat(after.stream().map(e -> ((JsonObject) e).getLong("seq"))).allMatch(s -> s > seq);
  }

  @Test
  void noTokenIs401WithAChallengeAndAnUnknownOneSaysInvalidToken() throws Exception {
    HttpResponse<Buffer> none = h.get("/api/lots", null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.getHeader("WWW-Authenticate")).isEqualTo("Bearer realm=\"callpark\"");
    assertThat(none.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(none.bodyAsJsonObject().getString("type")).isEqualTo("urn:callpark:problem:unauthorized");
    assertThat(none.bodyAsJsonObject().getInteger("status")).isEqualTo(401);
    HttpResponse<Buffer> wrong = h.get("/api/lots", "not-a-token-of-this-node");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.getHeader("WWW-Authenticate")).contains("error=\"invalid_token\"");
  }

  @Test
  void aReadTokenMayNotActAndGets403NamingItsRole() throws Exception {
    HttpResponse<Buffer> r = h.post("/api/lots/default/slots/6001/escalate", ApiHarness.READ, null);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.bodyAsJsonObject().getString("detail")).contains("board").contains("read").contains("operator");
    assertThat(h.slot("6001").orElseThrow().state()).isEqualTo(io.callpark.parking.SlotState.PARKED);
  }

  @Test
  void aBadQueryValueIsRefusedNamingTheFieldAndEchoingTheValueSafely() throws Exception {
    HttpResponse<Buffer> r = h.get("/api/events?limit=12%07ab" + "x".repeat(60), ApiHarness.READ);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject p = r.bodyAsJsonObject();
    assertThat(p.getString("type")).isEqualTo("urn:callpark:problem:invalid-field");
    assertThat(p.getString("field")).isEqualTo("limit");
    assertThat(p.getString("value")).startsWith("12abxxx").endsWith("...").hasSize(43).doesNotContain("\u0007");
    assertThat(p.getString("detail")).contains("limit");
  }

  @Test
  void unknownLotsSlotsAndRoutesAre404ProblemsNamingTheField() throws Exception {
    HttpResponse<Buffer> lot = h.get("/api/lots/sales/slots", ApiHarness.READ);
    assertThat(lot.statusCode()).isEqualTo(404);
    assertThat(lot.bodyAsJsonObject().getString("field")).isEqualTo("lot");
    assertThat(lot.bodyAsJsonObject().getString("value")).isEqualTo("sales");
    HttpResponse<Buffer> slot = h.get("/api/lots/default/slots/7001", ApiHarness.READ);
    assertThat(slot.statusCode()).isEqualTo(404);
    assertThat(slot.bodyAsJsonObject().getString("field")).isEqualTo("slot");
    HttpResponse<Buffer> route = h.get("/api/nothing-here", ApiHarness.READ);
    assertThat(route.statusCode()).isEqualTo(404);
    assertThat(route.getHeader("Content-Type")).isEqualTo("application/problem+json");
  }

  @Test
  void aBodyOverTheLimitIs413() throws Exception {
    String big = "{\"extension\":\"" + "1".repeat(ApiServer.BODY_LIMIT + 10) + "\"}";
    HttpResponse<Buffer> r = h.post("/api/lots/default/slots/6001/retrieve", ApiHarness.OPERATOR, big);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.bodyAsJsonObject().getString("type")).isEqualTo("urn:callpark:problem:body-too-large");
  }

  @Test
  void theOpenApiDescriptionIsServedWithoutAToken() throws Exception {
    HttpResponse<Buffer> r = h.get("/openapi.json", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getString("openapi")).startsWith("3.");
  }
}
