package io.callpark.management;

import io.callpark.metrics.CallparkMetrics;
import io.callpark.node.CallparkNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's management listener (default 127.0.0.1:9090, {@code management:} in callpark.yaml), for
 * Prometheus, systemd/load balancers and the CLI. Read-only, no authentication: keep it on loopback or a
 * management network.
 *
 * <table>
 *   <caption>Routes (GET or HEAD; anything else 405, unknown paths 404)</caption>
 *   <tr><td>{@code /metrics}</td><td>Prometheus text format 0.0.4 ({@link CallparkMetrics})</td></tr>
 *   <tr><td>{@code /health/live}</td><td>200 while the process runs and its event loop answers</td></tr>
 *   <tr><td>{@code /health/ready}</td><td>200 when {@link Readiness} passes, else 503; JSON saying which
 *       check failed either way</td></tr>
 *   <tr><td>{@code /status}</td><td>JSON: readiness, members, boxes, parked calls per lot</td></tr>
 *   <tr><td>{@code /slots}</td><td>JSON: every occupied slot with its caller, parker, node and box</td></tr>
 * </table>
 *
 * <p>Thread-safe: {@link #start()} and {@link #stop()} from any thread; requests run on the server's
 * event loop and never block (the store is read asynchronously).
 */
public final class ManagementServer {
  private static final Logger log = LoggerFactory.getLogger(ManagementServer.class);
  static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  static final String JSON_TYPE = "application/json";

  private final Vertx vertx;
  private final ManagementOptions options;
  private final CallparkMetrics metrics;
  private final Readiness readiness;
  private final NodeStatus status;
  private volatile HttpServer server;

  public ManagementServer(Vertx vertx, ManagementOptions options, CallparkNode node, CallparkMetrics metrics) {
    this.vertx = vertx;
    this.options = options;
    this.metrics = metrics;
    this.readiness = new Readiness(node);
    this.status = new NodeStatus(node, readiness);
  }

  /** Listens; completes with the bound port (useful with port 0). */
  public Future<Integer> start() {
    HttpServer s = vertx.createHttpServer(new HttpServerOptions().setHost(options.host()).setPort(options.port()));
    s.requestHandler(this::handle);
    return s.listen().map(bound -> {
      server = bound;
      log.info("management listener on http://{}:{} (/metrics, /health/live, /health/ready, /status, /slots)",
          options.host(), bound.actualPort());
      return bound.actualPort();
    });
  }

  public Future<Void> stop() {
    HttpServer s = server;
    return s == null ? Future.succeededFuture() : s.close();
  }

  public int port() {
    HttpServer s = server;
    return s == null ? -1 : s.actualPort();
  }

  private void handle(HttpServerRequest req) {
    if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
      req.response().setStatusCode(405).putHeader("Allow", "GET, HEAD").end();
      return;
    }
    switch (req.path()) {
      case "/metrics" -> metrics.scrape().onComplete(ar -> {
        if (ar.succeeded()) {
          req.response().putHeader("Content-Type", PROMETHEUS_TYPE).end(ar.result());
        } else {
          fail(req, ar.cause());
        }
      });
      case "/health/live" -> json(req, 200, new JsonObject().put("live", true));
      case "/health/ready" -> {
        Readiness.Report r = readiness.check();
        json(req, r.ready() ? 200 : 503, r.toJson());
      }
      case "/status" -> status.status().onComplete(ar -> {
        if (ar.succeeded()) {
          json(req, 200, ar.result());
        } else {
          fail(req, ar.cause());
        }
      });
      case "/slots" -> status.slots().onComplete(ar -> {
        if (ar.succeeded()) {
          json(req, 200, ar.result());
        } else {
          fail(req, ar.cause());
        }
      });
      default -> json(req, 404, new JsonObject().put("error", "no such path")
          .put("paths", "/metrics /health/live /health/ready /status /slots"));
    }
  }

  private static void json(HttpServerRequest req, int status, JsonObject body) {
    req.response().setStatusCode(status).putHeader("Content-Type", JSON_TYPE).end(body.encodePrettily() + "\n");
  }

  private static void fail(HttpServerRequest req, Throwable e) {
    log.warn("management {} failed: {}", req.path(), e.toString());
    json(req, 500, new JsonObject().put("error", e.toString()));
  }
}
