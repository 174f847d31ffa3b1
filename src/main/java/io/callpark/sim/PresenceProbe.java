package io.callpark.sim;

import java.util.Objects;
import java.util.UUID;

/**
 * A PRESENCE_PROBE as sofia fires it when a phone SUBSCRIBEs (blf_esl_events_2, fact 63): for a parking
 * lamp {@code proto: park}, {@code to: park+6001@<domain>}, {@code from: <subscriber>@<domain>},
 * {@code proto-specific-event-name: dialog} (or {@code presence}), the SUBSCRIBE's Call-ID as
 * {@code sub-call-id}, {@code expires: 600}. Fire it with {@link FakeFreeSwitch#firePresenceProbe}.
 *
 * <p>Immutable; thread-safe.
 */
public record PresenceProbe(String proto, String from, String to, String eventName, String subCallId, int expires) {
  public PresenceProbe {
    Objects.requireNonNull(proto);
    Objects.requireNonNull(from);
    Objects.requireNonNull(to);
    Objects.requireNonNull(eventName);
    Objects.requireNonNull(subCallId);
  }

  /** Phone {@code subscriber} (e.g. 1001) subscribes to the dialog of park slot {@code slot} (e.g. 6001). */
  public static PresenceProbe park(String slot, String subscriber, String domain) {
    return new PresenceProbe("park", subscriber.contains("@") ? subscriber : subscriber + "@" + domain,
        "park+" + slot + "@" + domain, "dialog", UUID.randomUUID().toString(), 600);
  }

  public PresenceProbe withEventName(String name) {
    return new PresenceProbe(proto, from, to, name, subCallId, expires);
  }

  public PresenceProbe withSubCallId(String callId) {
    return new PresenceProbe(proto, from, to, eventName, callId, expires);
  }
}
