package io.callpark.api;

import io.callpark.api.stats.ParkStats;
import io.callpark.api.stats.StatsBucket;
import io.callpark.api.stats.Tally;
import io.callpark.api.stats.Window;
import io.callpark.parking.Lot;
import io.callpark.parking.ParkingContext;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * {@code GET /api/stats?lot=&window=hour|day&buckets=N}: per lot, the last N buckets (newest first, empty
 * ones included so a chart has no gaps) and their total: parked, retrieved, abandoned, timed out,
 * escalated, hung up; mean and p90 wait before retrieval with the histogram; top retrievers. Stateless.
 */
final class StatsRoutes {
  static final int TOP_RETRIEVERS = 10;

  private final ParkingContext ctx;
  private final ParkStats stats;

  StatsRoutes(ParkingContext ctx, ParkStats stats) {
    this.ctx = ctx;
    this.stats = stats;
  }

  void mount(Router r) {
    r.get("/api/stats").handler(this::stats);
  }

  private void stats(RoutingContext rc) {
    String windowName = rc.request().getParam("window", "hour");
    Window window;
    try {
      window = Window.valueOf(windowName.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw Problem.invalid("window", windowName, "must be hour or day").raise();
    }
    String lotName = rc.request().getParam("lot");
    List<Lot> lots = new ArrayList<>();
    if (lotName != null) {
      Lot lot = ctx.lots().get(lotName);
      if (lot == null) {
        throw Problem.invalid("lot", lotName, "no such lot (lots: " + ctx.lots().keySet() + ")").raise();
      }
      lots.add(lot);
    } else {
      ctx.lots().values().stream().sorted(Comparator.comparing(Lot::name)).forEach(lots::add);
    }
    int count = (int) Fields.queryLong(rc, "buckets", window == Window.HOUR ? 24 : 7, 1, window.kept());
    long now = ctx.now();
    List<Future<JsonObject>> perLot = new ArrayList<>();
    for (Lot lot : lots) {
      perLot.add(stats.series(lot.name(), window, count, now).map(series -> {
        StatsBucket total = series.stream().reduce(StatsBucket.empty(series.get(series.size() - 1).start()),
            StatsBucket::merge);
        JsonArray buckets = new JsonArray();
        series.forEach(b -> buckets.add(bucket(b, window)));
        return new JsonObject().put("lot", lot.name()).put("total", bucket(total, window)
            .put("end", Views.iso(series.get(0).start() + window.size().toMillis()))).put("buckets", buckets);
      }));
    }
    ReadRoutes.reply(rc, Future.all(perLot).map(all -> {
      JsonArray out = new JsonArray();
      perLot.forEach(f -> out.add(f.result()));
      return new JsonObject().put("window", window.name().toLowerCase(Locale.ROOT)).put("lots", out);
    }));
  }

  static JsonObject bucket(StatsBucket b, Window w) {
    JsonArray histogram = new JsonArray();
    for (int i = 0; i < b.waits().length; i++) {
      Long upTo = i < StatsBucket.WAIT_BOUNDS_SECONDS.length ? StatsBucket.WAIT_BOUNDS_SECONDS[i] : null;
      histogram.add(new JsonObject().put("upToSeconds", upTo).put("count", b.waits()[i]));
    }
    JsonArray retrievers = new JsonArray();
    b.topRetrievers(TOP_RETRIEVERS).forEach(e -> retrievers.add(new JsonObject().put("extension", e.getKey())
        .put("count", e.getValue())));
    return new JsonObject()
        .put("start", Views.iso(b.start()))
        .put("end", Views.iso(b.start() + w.size().toMillis()))
        .put("parked", b.count(Tally.Kind.PARKED))
        .put("retrieved", b.count(Tally.Kind.RETRIEVED))
        .put("abandoned", b.count(Tally.Kind.ABANDONED))
        .put("timedOut", b.count(Tally.Kind.TIMED_OUT))
        .put("escalated", b.count(Tally.Kind.ESCALATED))
        .put("hungUp", b.count(Tally.Kind.HUNG_UP))
        .put("waitBeforeRetrieval", new JsonObject()
            .put("count", b.waitCount())
            .put("averageSeconds", b.averageWaitSeconds())
            .put("p90Seconds", b.p90WaitSeconds())
            .put("histogram", histogram))
        .put("retrievers", retrievers);
  }
}
