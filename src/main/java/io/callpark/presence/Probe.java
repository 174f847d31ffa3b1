package io.callpark.presence;

import io.callpark.esl.codec.EslEvent;

/**
 * A phone asking for a park lamp: a {@code PRESENCE_PROBE} with {@code proto: park} (fact 19, 63), fired
 * by sofia when a phone SUBSCRIBEs to {@code park+6001@<domain>} (or re-subscribes after a reboot).
 *
 * <p>Immutable; thread-safe.
 *
 * @param target what the key watches: a slot ({@code 6001}) or a lot name, without {@code park+}
 * @param domain the domain the phone subscribed in (the part after {@code @}); null when absent
 * @param subCallId the SUBSCRIBE's Call-ID ({@code sub-call-id}), echoed as {@code call-id} in the answer
 */
public record Probe(String target, String domain, String subCallId) {
  private static final String PREFIX = "park+";

  /** The probe in {@code e}, or null when {@code e} is not a park probe (another event, {@code proto: sip}, no {@code to}). */
  public static Probe from(EslEvent e) {
    if (!"PRESENCE_PROBE".equals(e.name()) || !"park".equals(e.header("proto"))) {
      return null;
    }
    String to = e.header("to");
    if (to == null || to.isBlank()) {
      return null;
    }
    int at = to.indexOf('@');
    String user = at < 0 ? to : to.substring(0, at);
    String domain = at < 0 || at == to.length() - 1 ? null : to.substring(at + 1);
    if (user.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      user = user.substring(PREFIX.length());
    }
    if (user.isEmpty()) {
      return null;
    }
    return new Probe(user, domain, e.header("sub-call-id"));
  }
}
