package io.callpark.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Asks a node's management listener for one of its JSON documents ({@code GET /status}, {@code GET /slots})
 * with the JDK's HTTP client: blocking, one short timeout for connecting and for the answer, no redirects.
 * Every way it can go wrong ends in a {@link CliFailure} naming the URL: unreachable (connection refused,
 * unknown host, timeout: {@link ExitCode#UNREACHABLE}), an HTTP status other than 200, or a body that is
 * not a JSON object ({@link ExitCode#FAILURE}). Thread-safe (the JDK client is).
 */
final class ManagementClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the node answered: the URL asked, the body as received, and the body parsed. */
  record Answer(URI uri, String body, JsonNode json) {
    /** The body as the node sent it, ending in one line break (for {@code --json}). */
    String bodyLine() {
      return body.endsWith("\n") ? body : body + "\n";
    }

    /** {@code field} of the document, which must be an array (the node's own documents always have it). */
    JsonNode array(String field) {
      JsonNode a = json.path(field);
      if (!a.isArray()) {
        throw new CliFailure(ExitCode.FAILURE, uri + " answered JSON without a '" + field
            + "' array: not a callpark management listener, or a different version");
      }
      return a;
    }
  }

  private final URI base;
  private final Duration timeout;
  private final HttpClient client;

  ManagementClient(URI base, Duration timeout) {
    this.base = base;
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** {@code GET base + path}, e.g. {@code "/status"}. */
  Answer get(String path) {
    URI uri = URI.create(base + path);
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET().build();
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpConnectTimeoutException e) {
      throw new CliFailure(ExitCode.UNREACHABLE, "node unreachable at " + uri + ": no connection within " + words(timeout));
    } catch (HttpTimeoutException e) {
      throw new CliFailure(ExitCode.UNREACHABLE, "node unreachable at " + uri + ": connected, but no answer within "
          + words(timeout));
    } catch (ConnectException e) {
      throw new CliFailure(ExitCode.UNREACHABLE, "node unreachable at " + uri + ": " + reason(e));
    } catch (IOException e) {
      throw new CliFailure(ExitCode.FAILURE, "asking " + uri + " failed: " + reason(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure(ExitCode.FAILURE, "interrupted while asking " + uri);
    }
    if (response.statusCode() != 200) {
      throw new CliFailure(ExitCode.FAILURE, uri + " answered HTTP " + response.statusCode()
          + (response.body().isBlank() ? "" : ": " + Text.excerpt(response.body())));
    }
    try {
      JsonNode json = JSON.readTree(response.body());
      if (json == null || !json.isObject()) {
        throw new CliFailure(ExitCode.FAILURE, uri + " answered HTTP 200 but not a JSON object: '"
            + Text.excerpt(response.body()) + "'");
      }
      return new Answer(uri, response.body(), json);
    } catch (JsonProcessingException e) {
      throw new CliFailure(ExitCode.FAILURE, uri + " answered HTTP 200 with malformed JSON: '"
          + Text.excerpt(response.body()) + "'");
    }
  }

  /** Words for why the exchange failed: the JDK often wraps the reason in exceptions without a message. */
  private static String reason(IOException e) {
    String message = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.nio.channels.UnresolvedAddressException || t instanceof java.net.UnknownHostException) {
        return "unknown host";
      }
      if (message == null && t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
    }
    if (message != null) {
      return Text.excerpt(message);
    }
    return e instanceof ConnectException ? "connection refused" : e.getClass().getSimpleName();
  }

  private static String words(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
