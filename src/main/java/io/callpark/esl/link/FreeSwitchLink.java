package io.callpark.esl.link;

import io.callpark.esl.codec.EslHeaders;
import io.vertx.core.Future;

/**
 * A control connection to one FreeSWITCH box (inbound ESL): run api commands, background jobs, and
 * send events (presence, {@code callpark::info}). Production: an adapter over
 * {@code esl.inbound.InboundClient}; tests use the same against {@code sim.FakeFreeSwitch}.
 *
 * <p>Implementations are thread-safe; futures complete on the link's context.
 */
public interface FreeSwitchLink {
  /** The configured id of the box. */
  String boxId();

  /** SIP domain of the box's users (for {@code user/<ext>@<domain>} and presence). */
  String domain();

  boolean isConnected();

  /** {@code api <command>}: the response body, {@code -ERR ...} included. */
  Future<String> api(String command);

  /**
   * {@code bgapi <command>}: the BACKGROUND_JOB body, for commands that take long (an originate rings for
   * up to its {@code originate_timeout}); fails if no result comes within {@code timeout}.
   */
  Future<String> bgapi(String command, java.time.Duration timeout);

  /** {@code sendevent <name>} with headers and an optional body; completes with the new event's UUID. */
  Future<String> sendEvent(String name, EslHeaders headers, String body);
}
