package io.callpark.config;

import io.callpark.esl.inbound.InboundOptions;
import java.util.List;

/**
 * One FreeSWITCH box: where its event socket is, its SIP domain, and how to get its password.
 *
 * @param options the inbound link settings (password included; {@code toString} masks it)
 * @param domain SIP domain of its users, for {@code user/<ext>@<domain>} and presence
 */
public record BoxConfig(InboundOptions options, String domain) {
  public String id() {
    return options.boxId();
  }

  /** Events callpark needs from every box. */
  static final List<String> EVENTS = List.of("BACKGROUND_JOB", "CHANNEL_HANGUP_COMPLETE", "PRESENCE_PROBE", "HEARTBEAT");
}
