package io.callpark.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The live board (docs/board.md): one static page with its stylesheet, script and icon, read from
 * {@code /io/callpark/board/} on the classpath once, served at {@code /board} ({@code /} redirects there).
 * The page holds no data, so it needs no token; the data it shows comes from the {@code /api} routes,
 * which do. Every answer carries a Content-Security-Policy that lets the page load only its own files
 * and talk only to this node, so even a caller-ID name that got parsed as HTML could run no script.
 *
 * <p>Thread-safe: immutable after construction; the buffers are only read (each response writes a
 * duplicate of one, as ApiServer does with openapi.json).
 */
public final class BoardRoutes {
  static final String RESOURCES = "/io/callpark/board/";
  public static final String PATH = "/board";
  /** Nothing from other origins, no inline script or style, no framing, no form posts, no plugins. */
  static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
      + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  /** Asset name to content type, in the order the page needs them. */
  static final Map<String, String> ASSETS = assets();

  private final Map<String, Buffer> files = new LinkedHashMap<>();

  public BoardRoutes() {
    ASSETS.keySet().forEach(name -> files.put(name, read(name)));
  }

  /** Adds {@code GET /}, {@code /board}, {@code /board/} and {@code /board/<asset>} to {@code router}. */
  public void mount(Router router) {
    router.get("/").handler(rc -> rc.response().setStatusCode(302).putHeader("Location", PATH).end());
    router.get(PATH).handler(rc -> send(rc, "index.html"));
    router.get(PATH + "/").handler(rc -> send(rc, "index.html"));
    for (String name : ASSETS.keySet()) {
      router.get(PATH + "/" + name).handler(rc -> send(rc, name));
    }
  }

  private void send(RoutingContext rc, String name) {
    rc.response()
        .putHeader("Content-Type", ASSETS.get(name))
        .putHeader("Content-Security-Policy", POLICY)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("Cache-Control", "no-cache")
        .end(files.get(name));
  }

  private static Map<String, String> assets() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("index.html", "text/html; charset=utf-8");
    m.put("board.css", "text/css; charset=utf-8");
    m.put("board.js", "text/javascript; charset=utf-8");
    m.put("favicon.svg", "image/svg+xml");
    return java.util.Collections.unmodifiableMap(m);
  }

  private static Buffer read(String name) {
    try (InputStream in = BoardRoutes.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCES + name);
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
