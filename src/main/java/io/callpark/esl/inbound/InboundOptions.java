package io.callpark.esl.inbound;

import io.callpark.esl.codec.EslCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How to reach and use one FreeSWITCH box's event socket (mod_event_socket, default 127.0.0.1:8021).
 * Every field is validated; a bad one is refused with a message naming it as
 * {@code inbound[<boxId>].<field>}. {@link #toString()} masks the password.
 *
 * <p>Immutable and thread-safe.
 *
 * @param boxId name of the box in logs, errors and state changes ({@code fs1})
 * @param host event socket address
 * @param port event socket port, 1..65535
 * @param password the event socket password ({@code auth <password>}); never logged
 * @param connectTimeout TCP connect timeout
 * @param initialBackoff first reconnect delay; doubles per failed attempt (with jitter)
 * @param maxBackoff reconnect delay cap; also the delay after an authentication failure
 * @param commandTimeout how long a command may wait for its reply (and a bgapi for its BACKGROUND_JOB by default)
 * @param events event names to subscribe to ({@code ALL}, {@code CHANNEL_ANSWER}, ...); BACKGROUND_JOB is
 *     added when neither it nor ALL is listed, since bgapi results arrive as that event (fact 42)
 * @param customSubclasses CUSTOM subclasses ({@code valet_parking::info}); written after {@code CUSTOM},
 *     last on the line (fact 5)
 * @param filters {@code filter} commands sent after subscribing, in order
 */
public record InboundOptions(String boxId, String host, int port, String password, Duration connectTimeout,
    Duration initialBackoff, Duration maxBackoff, Duration commandTimeout, List<String> events,
    List<String> customSubclasses, List<EventFilter> filters) {

  public InboundOptions {
    if (boxId == null || boxId.isBlank() || EventFilter.hasControl(boxId)) {
      throw new IllegalArgumentException("inbound.boxId must be a non-blank name, got '" + boxId + "'");
    }
    String p = "inbound[" + boxId + "].";
    if (host == null || host.isBlank() || host.contains(" ") || EventFilter.hasControl(host)) {
      throw new IllegalArgumentException(p + "host must be a host name or address, got '" + host + "'");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(p + "port must be 1..65535, got " + port);
    }
    if (password == null || password.isEmpty()) {
      throw new IllegalArgumentException(p + "password must be set (the event_socket password)");
    }
    if (EventFilter.hasControl(password)) {
      // FreeSWITCH compares everything after "auth " up to the line end (mod_event_socket.c parse_command).
      throw new IllegalArgumentException(p + "password must not contain CR, LF or NUL (value not shown)");
    }
    positive(p + "connectTimeout", connectTimeout);
    positive(p + "initialBackoff", initialBackoff);
    positive(p + "maxBackoff", maxBackoff);
    positive(p + "commandTimeout", commandTimeout);
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(p + "maxBackoff (" + maxBackoff + ") must not be below initialBackoff ("
          + initialBackoff + ")");
    }
    events = words(p + "events", events);
    customSubclasses = words(p + "customSubclasses", customSubclasses);
    if (filters == null || filters.stream().anyMatch(java.util.Objects::isNull)) {
      throw new IllegalArgumentException(p + "filters must be a list of header/value pairs, got " + filters);
    }
    filters = List.copyOf(filters);
  }

  /** Defaults: 5 s connect timeout, 0.5 s → 30 s backoff, 10 s command timeout, {@code event plain ALL}, no filters. */
  public static InboundOptions of(String boxId, String host, int port, String password) {
    return new InboundOptions(boxId, host, port, password, Duration.ofSeconds(5), Duration.ofMillis(500),
        Duration.ofSeconds(30), Duration.ofSeconds(10), List.of("ALL"), List.of(), List.of());
  }

  public InboundOptions withPort(int newPort) {
    return new InboundOptions(boxId, host, newPort, password, connectTimeout, initialBackoff, maxBackoff,
        commandTimeout, events, customSubclasses, filters);
  }

  public InboundOptions withPassword(String newPassword) {
    return new InboundOptions(boxId, host, port, newPassword, connectTimeout, initialBackoff, maxBackoff,
        commandTimeout, events, customSubclasses, filters);
  }

  public InboundOptions withBackoff(Duration initial, Duration max) {
    return new InboundOptions(boxId, host, port, password, connectTimeout, initial, max, commandTimeout, events,
        customSubclasses, filters);
  }

  public InboundOptions withCommandTimeout(Duration timeout) {
    return new InboundOptions(boxId, host, port, password, connectTimeout, initialBackoff, maxBackoff, timeout,
        events, customSubclasses, filters);
  }

  public InboundOptions withEvents(List<String> newEvents, List<String> subclasses) {
    return new InboundOptions(boxId, host, port, password, connectTimeout, initialBackoff, maxBackoff,
        commandTimeout, newEvents, subclasses, filters);
  }

  public InboundOptions withFilters(List<EventFilter> newFilters) {
    return new InboundOptions(boxId, host, port, password, connectTimeout, initialBackoff, maxBackoff,
        commandTimeout, events, customSubclasses, newFilters);
  }

  /** {@code host:port}, as used in messages. */
  public String address() {
    return host + ":" + port;
  }

  /**
   * The subscription sent after {@code auth}: {@code event plain <events> [CUSTOM <subclasses>]}, with
   * BACKGROUND_JOB added unless ALL or it is listed (bgapi results arrive only as that event, fact 42).
   */
  public EslCommand.Event subscription() {
    List<String> names = new ArrayList<>(events);
    if (!names.contains("ALL") && !names.contains("BACKGROUND_JOB")) {
      names.add("BACKGROUND_JOB");
    }
    return new EslCommand.Event("plain", names, customSubclasses);
  }

  @Override
  public String toString() {
    return "InboundOptions[boxId=" + boxId + ", host=" + host + ", port=" + port + ", password=***"
        + ", connectTimeout=" + connectTimeout + ", initialBackoff=" + initialBackoff + ", maxBackoff=" + maxBackoff
        + ", commandTimeout=" + commandTimeout + ", events=" + events + ", customSubclasses=" + customSubclasses
        + ", filters=" + filters + "]";
  }

  private static void positive(String field, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(field + " must be a positive duration, got " + d);
    }
  }

  private static List<String> words(String field, List<String> list) {
    if (list == null) {
      throw new IllegalArgumentException(field + " must be a list (possibly empty), got null");
    }
    for (String w : list) {
      if (w == null || w.isEmpty() || w.contains(" ") || w.contains("\t") || EventFilter.hasControl(w)) {
        throw new IllegalArgumentException(field + " entries must be single words, got '" + w + "'");
      }
    }
    return List.copyOf(list);
  }
}
