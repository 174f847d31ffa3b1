package io.callpark.sim;

import io.callpark.esl.codec.EslEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of mod_sofia (manage-presence) that turns park {@code PRESENCE_IN} events into the
 * dialog-info NOTIFYs a BLF key gets, for phones subscribed with {@link FakeFreeSwitch#subscribeBlf}.
 * No SIP is sent: each NOTIFY is recorded as a {@link BlfNotify}. Rules, from the captures:
 * <ul>
 *   <li>A SUBSCRIBE gets a NOTIFY at once, version 0, {@code terminated} (blf_valet_sip, fact 66), and
 *       fires the park PRESENCE_PROBE (fact 63).</li>
 *   <li>A PRESENCE_IN reaches {@code park+N@host} subscribers only with {@code proto: park} and
 *       {@code from: N@host} or {@code park+N@host} (facts 25, 65).</li>
 *   <li>State: {@code status: Holding} → early; else {@code answer-state} confirmed → confirmed,
 *       terminated → terminated, missing or anything else → early (fact 64, blf_sendevent_matrix).</li>
 *   <li>Body: dialog id = {@code unique-id}; local identity {@code sip:<from user>@host;proto=park};
 *       remote identity {@code sip:<unique-id>}, target {@code sip:<entity>}; a terminated dialog has only
 *       its state (blf_valet_sip, blf_sendevent_sip).</li>
 * </ul>
 * Not captured, so not simulated: whether {@code call-id} restricts a probe answer to that one
 * subscription (every matching subscription is notified here), the PIDF (Event: presence) NOTIFYs,
 * subscription expiry.
 *
 * <p>Confined to the box's context, except {@link #notifies()} which any thread may call.
 */
final class SofiaPresence {
  private static final String PARK = "park+";

  private record Subscription(String subscriber, String entity, String subCallId, int[] version) {}

  private final List<Subscription> subscriptions = new ArrayList<>();
  private final BoundedLog<BlfNotify> notifies;

  SofiaPresence(int recordLimit) {
    this.notifies = new BoundedLog<>(recordLimit);
  }

  /** A phone subscribed (Event: dialog): its initial NOTIFY is recorded. */
  void subscribe(PresenceProbe p) {
    Subscription s = new Subscription(p.from(), p.to(), p.subCallId(), new int[] {0});
    subscriptions.add(s);
    int at = p.to().indexOf('@');
    String id = (at < 0 ? p.to() : p.to().substring(0, at)).replaceFirst("^park\\+", "");
    notifies.add(new BlfNotify(s.subscriber(), s.entity(), s.subCallId(), 0, "terminated",
        terminated(s.entity(), id, 0), System.nanoTime()));
  }

  /** Every PRESENCE_IN the box fires passes here. */
  void onPresenceIn(EslEvent e) {
    if (subscriptions.isEmpty() || !"park".equals(e.header("proto")) || e.header("from") == null) {
      return;
    }
    String from = e.header("from");
    int at = from.indexOf('@');
    if (at < 0) {
      return;
    }
    String user = from.substring(0, at).replaceFirst("^park\\+", "");
    String host = from.substring(at + 1);
    String entity = PARK + user + "@" + host;
    String uniqueId = e.header("unique-id") == null ? user : e.header("unique-id");
    String state = state(e);
    for (Subscription s : subscriptions) {
      if (!s.entity().equals(entity)) {
        continue;
      }
      int version = ++s.version()[0];
      String body = "terminated".equals(state) ? terminated(entity, uniqueId, version)
          : full(entity, uniqueId, user + "@" + host, state, version);
      notifies.add(new BlfNotify(s.subscriber(), entity, s.subCallId(), version, state, body, System.nanoTime()));
    }
  }

  List<BlfNotify> notifies() {
    return notifies.snapshot();
  }

  void clear() {
    notifies.clear();
  }

  static String state(EslEvent e) {
    if ("Holding".equals(e.header("status"))) {
      return "early";
    }
    String answer = e.header("answer-state");
    if ("confirmed".equals(answer) || "terminated".equals(answer)) {
      return answer;
    }
    return "early";
  }

  private static String head(String entity, int version) {
    return "<?xml version=\"1.0\"?>\n<dialog-info xmlns=\"urn:ietf:params:xml:ns:dialog-info\" version=\"" + version
        + "\" state=\"full\" entity=\"sip:" + entity + "\">\n";
  }

  static String terminated(String entity, String id, int version) {
    return head(entity, version) + "<dialog id=\"" + id + "\" direction=\"recipient\">\n<state>terminated</state>\n"
        + "</dialog>\n</dialog-info>\n";
  }

  static String full(String entity, String id, String local, String state, int version) {
    return head(entity, version) + "<dialog id=\"" + id + "\" direction=\"recipient\">\n<state>" + state + "</state>\n"
        + "<local>\n<identity display=\"park\">sip:" + local + ";proto=park</identity>\n"
        + "<target uri=\"sip:" + local + ";proto=park\">\n<param pname=\"+sip.rendering\" pvalue=\"no\"/>\n</target>\n"
        + "</local>\n<remote>\n<identity display=\"park\">sip:" + id + "</identity>\n<target uri=\"sip:" + entity
        + "\"/>\n</remote>\n</dialog>\n</dialog-info>\n";
  }
}
