package io.callpark.cli;

import io.callpark.config.ConfigLoader;
import io.callpark.management.ManagementOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options every client command shares ({@code status}, {@code slots}, {@code park-list}): where the
 * node's management listener is ({@code --url}, else {@code management:} of {@code --config}, else
 * 127.0.0.1:9090), how long to wait for it, and {@code --json}. A picocli mixin; filled by picocli on one
 * thread, then read. Not thread-safe.
 */
public final class NodeAddress {
  static final URI DEFAULT_URL = URI.create("http://127.0.0.1:9090");

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(names = "--config", paramLabel = "FILE",
      description = "callpark.yaml of the node to ask: its management host and port are used (nothing else is read)")
  Path config;

  @Option(names = "--url", paramLabel = "URL", converter = UrlConverter.class,
      description = "the node's management listener; wins over --config. Default: from --config, "
          + "else http://127.0.0.1:9090")
  URI url;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s", converter = TimeoutConverter.class,
      description = "how long to wait to connect and for the answer, e.g. 500ms, 5s (default ${DEFAULT-VALUE}, at most 60s)")
  Duration timeout;

  @Option(names = "--json", description = "print the node's JSON instead of a table")
  boolean json;

  /** The management listener's base URL, without a trailing slash. */
  public URI base() {
    if (url != null) {
      return url;
    }
    if (config == null) {
      return DEFAULT_URL;
    }
    // ConfigException (exit 2, "file: management.port: ...") if the file or its management section is bad.
    ManagementOptions m = new ConfigLoader().loadManagement(config);
    if (m.port() == 0) {
      throw new CommandLine.ParameterException(mixee.commandLine(), config + ": management.port is 0 (any free "
          + "port), so the node's port cannot be known from the file; give --url");
    }
    return URI.create("http://" + connectHost(m.host()) + ":" + m.port());
  }

  /** Where to connect to reach a listener bound to {@code bindHost}: a wildcard is reached on loopback. */
  static String connectHost(String bindHost) {
    String h = bindHost.startsWith("[") && bindHost.endsWith("]") ? bindHost.substring(1, bindHost.length() - 1) : bindHost;
    if (h.equals("0.0.0.0")) {
      return "127.0.0.1";
    }
    if (h.equals("::") || h.equals("0:0:0:0:0:0:0:0")) {
      return "[::1]";
    }
    return h.contains(":") ? "[" + h + "]" : h;
  }

  public Duration timeout() {
    return timeout;
  }

  public boolean json() {
    return json;
  }

  /** Asks the node for {@code path} (one request, this address's timeout); failures are {@link CliFailure}s. */
  ManagementClient.Answer get(String path) {
    return new ManagementClient(base(), timeout).get(path);
  }

  /** {@code --url}: http(s), a host, an optional port and path prefix; no user, query or fragment. */
  static final class UrlConverter implements CommandLine.ITypeConverter<URI> {
    @Override
    public URI convert(String value) {
      String bad = "expected the node's management URL, e.g. http://127.0.0.1:9090, got '" + Text.excerpt(value) + "'";
      URI u;
      try {
        u = new URI(value.strip());
      } catch (URISyntaxException e) {
        throw new CommandLine.TypeConversionException(bad);
      }
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null || u.getRawUserInfo() != null
          || u.getRawQuery() != null || u.getRawFragment() != null) {
        throw new CommandLine.TypeConversionException(bad);
      }
      String s = u.toString();
      while (s.endsWith("/")) {
        s = s.substring(0, s.length() - 1);
      }
      return URI.create(s);
    }
  }

  /** {@code --timeout}: {@code 500ms} or {@code 5s}, from 1 ms to 60 s. */
  static final class TimeoutConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern FORM = Pattern.compile("(\\d{1,6})(ms|s)");

    @Override
    public Duration convert(String value) {
      Matcher m = FORM.matcher(value.strip());
      Duration d = null;
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        d = m.group(2).equals("ms") ? Duration.ofMillis(n) : Duration.ofSeconds(n);
      }
      if (d == null || d.isZero() || d.compareTo(Duration.ofSeconds(60)) > 0) {
        throw new CommandLine.TypeConversionException("expected a duration from 1ms to 60s such as 500ms or 5s, got '"
            + Text.excerpt(value) + "'");
      }
      return d;
    }
  }
}
