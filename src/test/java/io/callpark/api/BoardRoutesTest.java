package io.callpark.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The live board's files as a node serves them: types, the security headers, and that nothing in them
 * reaches beyond the node. How the page behaves in a browser is BoardIT's business.
 */
class BoardRoutesTest {
  /** The one absolute URL the assets may hold: SVG's namespace name, which no browser fetches. */
  private static final String SVG_NAMESPACE = "http://www.w3.org/2000/svg";
  private static final Pattern ABSOLUTE = Pattern.compile("(?i)\\b[a-z][a-z0-9+.-]*://[^\\s\"'()<>]*");
  private static final Pattern PROTOCOL_RELATIVE = Pattern.compile("[\"'(=]\\s*//[^\\s\"')]");
  private static final Pattern REFERENCE = Pattern.compile("(?i)\\b(?:src|href)\\s*=\\s*\"([^\"]*)\"");

  private static ApiHarness h;

  @BeforeAll
  static void start() throws Exception {
    h = new ApiHarness();
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  @Test
  void thePageAndEachAssetAreServedWithTheirContentTypeAndNeedNoToken() throws Exception {
    Map<String, String> expected = Map.of(
        "/board", "text/html; charset=utf-8",
        "/board/", "text/html; charset=utf-8",
        "/board/board.css", "text/css; charset=utf-8",
        "/board/board.js", "text/javascript; charset=utf-8",
        "/board/favicon.svg", "image/svg+xml");
    for (Map.Entry<String, String> e : expected.entrySet()) {
      HttpResponse<Buffer> r = h.get(e.getKey(), null);
      assertThat(r.statusCode()).as(e.getKey()).isEqualTo(200);
      assertThat(r.getHeader("Content-Type")).as(e.getKey()).isEqualTo(e.getValue());
      assertThat(r.getHeader("X-Content-Type-Options")).as(e.getKey()).isEqualTo("nosniff");
      assertThat(r.bodyAsString()).as(e.getKey()).isNotBlank();
    }
    assertThat(h.get("/board/nothing.js", null).statusCode()).isEqualTo(404);
  }

  @Test
  void theRootAddressRedirectsToTheBoard() throws Exception {
    HttpResponse<Buffer> r = h.web.get(h.port, "127.0.0.1", "/").followRedirects(false).send()
        .toCompletionStage().toCompletableFuture().get();
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.getHeader("Location")).isEqualTo("/board");
  }

  @Test
  void servingTheBoardOpensNoApiRouteWithoutAToken() throws Exception {
    assertThat(h.get("/board", null).statusCode()).isEqualTo(200);
    assertThat(h.get("/api/lots", null).statusCode()).isEqualTo(401);
    assertThat(h.get("/api/events/stream", null).statusCode()).isEqualTo(401);
  }

  @Test
  void everyFileThePageReferencesIsOneTheNodeServes() throws Exception {
    String html = h.get("/board", null).bodyAsString();
    List<String> refs = new ArrayList<>();
    Matcher m = REFERENCE.matcher(html);
    while (m.find()) {
      refs.add(m.group(1));
    }
    assertThat(refs).contains("/board/board.css", "/board/board.js", "/board/favicon.svg");
    for (String ref : refs) {
      assertThat(ref).as("page reference").startsWith("/board/");
      assertThat(h.get(ref, null).statusCode()).as(ref).isEqualTo(200);
    }
  }

  @Test
  void noAssetNamesAnotherHost() throws Exception {
    for (String name : BoardRoutes.ASSETS.keySet()) {
      String body = h.get("/board/" + name, null).bodyAsString();
      List<String> urls = new ArrayList<>();
      Matcher abs = ABSOLUTE.matcher(body);
      while (abs.find()) {
        urls.add(abs.group());
      }
      assertThat(urls).as(name).allMatch(SVG_NAMESPACE::equals);
      assertThat(PROTOCOL_RELATIVE.matcher(body).find()).as(name + " has a //host reference").isFalse();
      assertThat(body).as(name).doesNotContainIgnoringCase("@import");
    }
  }

  @Test
  void theBoardIsServedUnderAPolicyThatAllowsOnlyItsOwnFilesAndNoInlineScript() throws Exception {
    HttpResponse<Buffer> r = h.get("/board", null);
    String csp = r.getHeader("Content-Security-Policy");
    assertThat(csp).contains("default-src 'none'", "script-src 'self'", "connect-src 'self'",
        "frame-ancestors 'none'").doesNotContain("unsafe-inline", "unsafe-eval", "*");
    assertThat(r.getHeader("Referrer-Policy")).isEqualTo("no-referrer");
    String html = r.bodyAsString();
    assertThat(Pattern.compile("(?i)<script(?![^>]*\\bsrc=)").matcher(html).find()).as("inline script").isFalse();
    assertThat(Pattern.compile("(?i)\\son[a-z]+\\s*=").matcher(html).find()).as("inline handler").isFalse();
    assertThat(html).doesNotContainIgnoringCase("<style");
  }

  @Test
  void theBoardScriptHasNoWayToParseTextAsHtml() throws Exception {
    String js = h.get("/board/board.js", null).bodyAsString();
    assertThat(js).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
        "new Function", "DOMParser", "createContextualFragment");
    assertThat(js).contains("textContent");
  }
}
