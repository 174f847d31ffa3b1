package io.callpark.config;

import io.callpark.esl.inbound.InboundOptions;
import io.callpark.parking.BoxSip;
import java.util.List;

/**
 * One FreeSWITCH box: where its event socket is, its SIP domain, how to get its password, and where other
 * boxes reach it over SIP for cross-box retrieval.
 *
 * @param options the inbound link settings (password included; {@code toString} masks it)
 * @param domain SIP domain of its users, for {@code user/<ext>@<domain>} and presence
 * @param sip its SIP address and the prefix it dials other boxes with; null when unknown (its event
 *     socket host is a name and no {@code sipAddress} was given): no cross-box retrieval to or from it
 */
public record BoxConfig(InboundOptions options, String domain, BoxSip sip) {
  /** SIP defaults: the event socket's host, port 5060, {@code sofia/internal} (none if the host is a name). */
  public BoxConfig(InboundOptions options, String domain) {
    this(options, domain, BoxSip.defaultFor(options.host()));
  }

  public String id() {
    return options.boxId();
  }

  /** Events callpark needs from every box. */
  static final List<String> EVENTS = List.of("BACKGROUND_JOB", "CHANNEL_HANGUP_COMPLETE", "PRESENCE_PROBE", "HEARTBEAT");
}
