package io.callpark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client commands when nobody listens, when the listener never answers, and when whatever answers is
 * not a callpark node: exit 3 or 1 with a message naming the URL.
 */
class UnreachableOrBrokenNodeTest {
  private HttpServer server;
  private ServerSocket silent;

  @AfterEach
  void close() throws IOException {
    if (server != null) {
      server.stop(0);
    }
    if (silent != null) {
      silent.close();
    }
  }

  /** A loopback port nobody listens on (bound, then freed). */
  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** An HTTP server answering every path with {@code status} and {@code body}. */
  private String serving(int status, String body) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        exchange.getResponseBody().write(bytes);
      }
      exchange.close();
    });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void aPortNobodyListensOnExitsThreeNamingTheUrl() throws IOException {
    String url = "http://127.0.0.1:" + freePort();
    for (String command : new String[] {"status", "slots", "park-list"}) {
      Cli.Run r = Cli.run(command, "--url", url);
      assertThat(r.exitCode()).as(command).isEqualTo(ExitCode.UNREACHABLE);
      assertThat(r.err()).as(command).startsWith("callpark: node unreachable at " + url + "/")
          .doesNotContain("Exception\n\tat");
      assertThat(r.out()).isEmpty();
    }
  }

  @Test
  void aListenerThatAcceptsButNeverAnswersExitsThreeSayingItTimedOut() throws IOException {
    silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress()); // accepts (backlog), never reads nor writes
    String url = "http://127.0.0.1:" + silent.getLocalPort();
    Cli.Run r = Cli.run("status", "--timeout", "200ms", "--url", url);
    assertThat(r.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
    assertThat(r.err()).contains(url + "/status").contains("no answer within 200 ms");
  }

  @Test
  void anHttpErrorExitsOneNamingTheUrlAndStatus() throws IOException {
    String url = serving(500, "{\"error\":\"store down\"}");
    Cli.Run r = Cli.run("slots", "--url", url);
    assertThat(r.exitCode()).isEqualTo(ExitCode.FAILURE);
    assertThat(r.err()).contains(url + "/slots answered HTTP 500").contains("store down");
  }

  @Test
  void malformedJsonExitsOneNamingTheUrlAndShowingTheStartOfTheBody() throws IOException {
    String url = serving(200, "<html>" + "x".repeat(500) + "</html>");
    Cli.Run r = Cli.run("status", "--url", url);
    assertThat(r.exitCode()).isEqualTo(ExitCode.FAILURE);
    assertThat(r.err()).contains(url + "/status answered HTTP 200 with malformed JSON: '<html>xxx")
        .contains("...'").doesNotContain("x".repeat(200));
  }

  @Test
  void jsonThatIsNotACallparkDocumentExitsOneSayingWhatIsMissing() throws IOException {
    String url = serving(200, "{\"hello\":1}");
    Cli.Run r = Cli.run("park-list", "--url", url);
    assertThat(r.exitCode()).isEqualTo(ExitCode.FAILURE);
    assertThat(r.err()).contains(url + "/slots answered JSON without a 'lots' array");
  }
}
