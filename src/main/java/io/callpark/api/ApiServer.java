package io.callpark.api;

import io.callpark.api.feed.EventFeed;
import io.callpark.config.HttpConfig;
import io.callpark.config.HttpConfig.Role;
import io.callpark.parking.ParkingService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP API (docs/api.md): every route under {@code /api} needs a bearer token
 * ({@link TokenAuth}: 401 without a known one, 403 when its role does not allow the route), is rate
 * limited per token ({@link RateLimiter}: 429 with {@code Retry-After}), takes bodies of at most
 * {@value #BODY_LIMIT} bytes (413) and answers errors as {@code application/problem+json}
 * ({@link Problem}). {@code GET /openapi.json} describes every route and needs no token.
 *
 * <p>Routes: {@link ReadRoutes} (lots, slots, calls, recent events), {@link EventStream} (SSE),
 * {@link ActionRoutes} (park, retrieve, escalate, hang up), {@link StatsRoutes}. Other parts of the node
 * (health, metrics, the board) add theirs to {@link #router()} before {@link #start()}.
 *
 * <p>Thread-safe: start/stop from any thread; handlers run on the server's event loop.
 */
public final class ApiServer {
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
  /** Largest request body accepted; the API's bodies are a few fields. */
  public static final int BODY_LIMIT = 8 * 1024;
  public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(15);
  static final String OPENAPI_RESOURCE = "/io/callpark/api/openapi.json";

  private final Vertx vertx;
  private final HttpConfig config;
  private final Router router;
  private final EventStream stream;
  private HttpServer server;

  /**
   * @param keepAlive how often an idle event stream gets a comment line
   */
  public ApiServer(Vertx vertx, HttpConfig config, ParkingService parking, EventFeed feed,
      io.callpark.api.stats.ParkStats stats, Clock clock, Duration keepAlive) {
    this.vertx = vertx;
    this.config = config;
    this.router = Router.router(vertx);
    this.stream = new EventStream(vertx, feed, keepAlive);
    TokenAuth auth = new TokenAuth(config.tokens());
    RateLimiter limiter = new RateLimiter(clock, config.rate());
    Buffer openApi = resource(OPENAPI_RESOURCE);

    router.get("/openapi.json").handler(rc -> rc.response().putHeader("Content-Type", "application/json").end(openApi));
    router.route("/api/events/stream").handler(auth.authenticate(true));
    router.route("/api/*").handler(auth.authenticate(false));
    router.route("/api/*").handler(rc -> limit(rc, limiter));
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
    router.route("/api/*").handler(TokenAuth.require(Role.READ));
    router.get("/api/events/stream").handler(stream::handle);
    new ReadRoutes(parking.context(), feed).mount(router);
    new ActionRoutes(parking).mount(router);
    new StatsRoutes(parking.context(), stats).mount(router);
    router.route("/api/*").handler(rc -> {
      throw Problem.of(404, "no-route", "No such route", "no " + rc.request().method() + " "
          + Problem.shown(rc.request().path()) + "; see /openapi.json").raise();
    });
    router.route().failureHandler(ApiServer::failure);
  }

  /** The router, for other parts of the node to add routes to before {@link #start()}. */
  public Router router() {
    return router;
  }

  /** Listens on the configured host and port; completes with the port bound. */
  public Future<Integer> start() {
    return vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port()))
        .requestHandler(router).listen().map(s -> {
          server = s;
          log.info("HTTP API on {}:{} ({} token(s))", config.host(), s.actualPort(), config.tokens().size());
          if (config.tokens().isEmpty()) {
            log.warn("no API tokens configured (http.tokens): every /api route answers 401");
          }
          return s.actualPort();
        });
  }

  public int port() {
    return server == null ? -1 : server.actualPort();
  }

  int openStreams() {
    return stream.openStreams();
  }

  public Future<Void> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private static void limit(RoutingContext rc, RateLimiter limiter) {
    long waitMs = limiter.tryTake(TokenAuth.token(rc).name());
    if (waitMs > 0) {
      rc.response().putHeader("Retry-After", Long.toString(Math.max(1, (waitMs + 999) / 1000)));
      throw Problem.of(429, "rate-limited", "Too many requests", "token '" + TokenAuth.token(rc).name()
          + "' is over its rate limit (http.rateLimit); retry in " + waitMs + " ms").raise();
    }
    rc.next();
  }

  /** Every failure becomes problem+json: a raised {@link Problem}, a status (413 from the body limit), or 500. */
  private static void failure(RoutingContext rc) {
    Problem p;
    Throwable t = rc.failure();
    if (t instanceof Problem.Raised raised) {
      p = raised.problem();
    } else if (rc.statusCode() == 413) {
      p = Problem.of(413, "body-too-large", "Request body too large", "request bodies are limited to "
          + BODY_LIMIT + " bytes");
    } else if (rc.statusCode() > 0 && rc.statusCode() < 500) {
      p = Problem.of(rc.statusCode(), "http-" + rc.statusCode(), "Bad request", "the request was refused ("
          + rc.statusCode() + ")");
    } else {
      log.error("{} {} failed", rc.request().method(), rc.request().path(), t);
      p = Problem.of(500, "internal", "Internal error", "the node failed to answer: "
          + Problem.shown(t == null ? "unknown" : t.toString()));
    }
    if (rc.response().ended() || rc.response().headWritten()) {
      rc.response().reset();
      return;
    }
    rc.response().setStatusCode(p.status()).putHeader("Content-Type", Problem.CONTENT_TYPE).end(p.toJson().encode());
  }

  private static Buffer resource(String name) {
    try (InputStream in = ApiServer.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
