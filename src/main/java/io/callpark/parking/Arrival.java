package io.callpark.parking;

import io.callpark.esl.codec.EslEvent;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the channel data says about how a call arrived and who parked it.
 *
 * <p>Rules, from the captures: a blind transfer carries {@code variable_sip_h_Referred-By:
 * <sip:1001@host>} and {@code variable_transfer_source: <epoch>:<transferor uuid>:bl_xfer:...} (fact
 * 36); an attended one additionally has {@code variable_sip_refer_to} holding
 * {@code Replaces=<consultation Call-ID>} (fact 37, URL-encoded inside the URI); a leg still bridged to
 * a partner ({@code variable_signal_bond} / {@code Other-Leg-Unique-ID}) with {@code
 * callpark_incall=true} is an in-call park code. A dialplan may name the parker itself with
 * {@code callpark_parker}.
 *
 * @param way how the call came
 * @param parker extension to recall, or null
 * @param replacesCallId for {@link WayIn#ATTENDED_TRANSFER}: the consultation call's SIP Call-ID
 * @param partnerUuid for {@link WayIn#IN_CALL}: the channel to park
 * @param sipCallId this call's own SIP Call-ID (a consultation call's, for way 2)
 */
public record Arrival(WayIn way, String parker, String replacesCallId, String partnerUuid, String sipCallId) {
  private static final Pattern SIP_USER = Pattern.compile("sips?:([^@;>]+)@");
  private static final Pattern REPLACES = Pattern.compile("Replaces=([^;&>]+)", Pattern.CASE_INSENSITIVE);

  public static Arrival of(EslEvent channelData) {
    String referredBy = channelData.variable("sip_h_Referred-By");
    String transferSource = channelData.variable("transfer_source");
    String referTo = channelData.variable("sip_refer_to");
    String explicitParker = channelData.variable("callpark_parker");
    String sipCallId = channelData.variable("sip_call_id");

    String parker = explicitParker;
    if (parker == null && referredBy != null) {
      parker = sipUser(referredBy);
    }
    String partner = firstNonEmpty(channelData.variable("signal_bond"), channelData.header("Other-Leg-Unique-ID"),
        channelData.variable("bridge_uuid"));
    if ("true".equalsIgnoreCase(channelData.variable("callpark_incall")) && partner != null) {
      String me = firstNonEmpty(channelData.variable("user_name"), channelData.variable("sip_auth_username"),
          channelData.header("Caller-Caller-ID-Number"));
      return new Arrival(WayIn.IN_CALL, parker != null ? parker : me, null, partner, sipCallId);
    }
    if (referTo != null) {
      Matcher m = REPLACES.matcher(decodePercent(referTo));
      if (m.find()) {
        return new Arrival(WayIn.ATTENDED_TRANSFER, parker, decodePercent(m.group(1)), null, sipCallId);
      }
    }
    if (referredBy != null || (transferSource != null && transferSource.contains(":bl_xfer:"))) {
      return new Arrival(WayIn.BLIND_TRANSFER, parker, null, null, sipCallId);
    }
    // A registered user who dials the park extension is (in way 2) the parker on a consultation call:
    // recall rings them. An unauthenticated caller (IVR, trunk) has no parker.
    if (parker == null) {
      parker = firstNonEmpty(channelData.variable("sip_auth_username"), channelData.variable("user_name"));
    }
    return new Arrival(WayIn.DIRECT, parker, null, null, sipCallId);
  }

  /** The transferor leg's UUID from {@code transfer_source} ({@code <epoch>:<uuid>:bl_xfer:...}), or null. */
  public static String transferorUuid(EslEvent channelData) {
    String ts = channelData.variable("transfer_source");
    if (ts == null) {
      return null;
    }
    String[] p = ts.split(":");
    return p.length >= 3 ? p[1] : null;
  }

  static String sipUser(String uri) {
    Matcher m = SIP_USER.matcher(uri);
    return m.find() ? m.group(1) : null;
  }

  /** The Replaces value sits URL-encoded inside the Refer-To URI (%40 for @, %3B for ;). */
  private static String decodePercent(String s) {
    return io.callpark.esl.codec.UrlCodec.decode(s);
  }

  private static String firstNonEmpty(String... values) {
    for (String v : values) {
      if (v != null && !v.isEmpty() && !"_undef_".equals(v)) {
        return v;
      }
    }
    return null;
  }
}
