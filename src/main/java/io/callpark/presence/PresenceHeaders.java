package io.callpark.presence;

import io.callpark.esl.codec.EslHeaders;

/**
 * The headers of a {@code sendevent PRESENCE_IN}, exactly those mod_valet_parking fires and in its order
 * (valet_park_session's events, facts 21-22 and 59-60), so sofia renders the NOTIFYs phones get from
 * valet_park:
 * <pre>
 * proto: park                 login: 6001                  from: 6001@127.0.0.1
 * force-status: Holding|Empty|Active (N caller[s])         rpid: active|unknown
 * event_type: presence        alt_event_type: dialog       event_count: N
 * unique-id: 6001             channel-state: CS_ROUTING|CS_HANGUP
 * answer-state: confirmed|terminated|early                 presence-call-direction: outbound|inbound
 * </pre>
 * (The hand-written frames of blf_esl_events_2 and blf_probe_answer put {@code rpid} before
 * {@code force-status}; sofia rendered them the same, but valet_park's own order is this one.)
 * A slot is {@code outbound} while held and {@code inbound} when empty; the lot is always {@code inbound}.
 * No {@code status} header: {@code status: Holding} turns the dialog {@code early} (fact 35, 64). A probe
 * answer adds {@code call-id: <sub-call-id>} last, as blf_probe_answer does. The one addition of ours is
 * {@link Lamp#RINGING}: the held set with {@code answer-state: early}, which sofia renders as an
 * {@code early} dialog (fact 64, variant K).
 *
 * <p>Stateless; thread-safe.
 */
public final class PresenceHeaders {
  private PresenceHeaders() {}

  /** The event for slot {@code slot} of a box whose SIP domain is {@code domain}; {@code callId} may be null. */
  public static EslHeaders slot(String slot, String domain, Lamp lamp, long eventCount, String callId) {
    boolean lit = lamp != Lamp.DARK;
    return build(slot, domain, lit ? "active" : "unknown", lit ? "Holding" : "Empty", eventCount,
        lit ? "CS_ROUTING" : "CS_HANGUP", lamp == Lamp.HELD ? "confirmed" : lit ? "early" : "terminated",
        lit ? "outbound" : "inbound", callId);
  }

  /** The event for lot {@code lot} with {@code callers} callers in it; {@code callId} may be null. */
  public static EslHeaders lot(String lot, String domain, int callers, long eventCount, String callId) {
    boolean active = callers > 0;
    String status = active ? "Active (" + callers + (callers == 1 ? " caller)" : " callers)") : "Empty";
    return build(lot, domain, active ? "active" : "unknown", status, eventCount, active ? "CS_ROUTING" : "CS_HANGUP",
        active ? "confirmed" : "terminated", "inbound", callId);
  }

  private static EslHeaders build(String login, String domain, String rpid, String forceStatus, long eventCount,
      String channelState, String answerState, String direction, String callId) {
    EslHeaders.Builder h = EslHeaders.builder()
        .add("proto", "park")
        .add("login", login)
        .add("from", login + "@" + domain)
        .add("force-status", forceStatus)
        .add("rpid", rpid)
        .add("event_type", "presence")
        .add("alt_event_type", "dialog")
        .add("event_count", Long.toString(eventCount))
        .add("unique-id", login)
        .add("channel-state", channelState)
        .add("answer-state", answerState)
        .add("presence-call-direction", direction);
    if (callId != null) {
      h.add("call-id", callId);
    }
    return h.build();
  }
}
