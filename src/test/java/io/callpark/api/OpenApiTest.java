package io.callpark.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpark.api.feed.InMemoryEventFeed;
import io.callpark.api.stats.InMemoryStatsStore;
import io.callpark.api.stats.ParkStats;
import io.callpark.config.HttpConfig;
import io.callpark.parking.Lot;
import io.callpark.parking.ParkEvents;
import io.callpark.parking.ParkingContext;
import io.callpark.parking.ParkingService;
import io.callpark.parking.SlotRange;
import io.callpark.parking.store.InMemorySlotStore;
import io.callpark.esl.link.BoxLinks;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** openapi.json documents exactly the routes the server has, with the methods it answers. */
class OpenApiTest {

  @Test
  void everyRouteIsDocumentedAndEveryDocumentedRouteExists() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      ParkingContext ctx = new ParkingContext("n1", Map.of("default", Lot.withDefaults("default", SlotRange.of(1, 2))),
          "default", new InMemorySlotStore(), new BoxLinks(List.of()), new ParkEvents("n1", new BoxLinks(List.of())),
          Clock.systemUTC(), ParkingContext.Dialplan.DEFAULT, false);
      ApiServer server = new ApiServer(vertx, HttpConfig.loopback(List.of()), new ParkingService(ctx),
          new InMemoryEventFeed(), new ParkStats(new InMemoryStatsStore()), Clock.systemUTC(), ApiServer.DEFAULT_KEEP_ALIVE);
      Set<String> served = new TreeSet<>();
      for (Route r : server.router().getRoutes()) {
        if (r.methods() != null && !r.methods().isEmpty() && r.getPath() != null) {
          String path = r.getPath().replaceAll(":(\\w+)", "{$1}");
          r.methods().forEach(m -> served.add(m.name().toLowerCase(Locale.ROOT) + " " + path));
        }
      }
      JsonObject doc;
      try (InputStream in = ApiServer.class.getResourceAsStream(ApiServer.OPENAPI_RESOURCE)) {
        doc = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
      Set<String> documented = new TreeSet<>();
      JsonObject paths = doc.getJsonObject("paths");
      for (String p : paths.fieldNames()) {
        paths.getJsonObject(p).fieldNames().forEach(m -> documented.add(m + " " + p));
      }
      assertThat(served).hasSizeGreaterThan(10);
      assertThat(documented).isEqualTo(served);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
  }
}
