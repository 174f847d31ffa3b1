package io.callpark.sim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A call a test places into a {@link FakeFreeSwitch} with {@link FakeFreeSwitch#placeCall}: who calls
 * (caller ID), what they dialled (the dialplan extension), and how the channel looks.
 *
 * <p>{@link Endpoint#SIP} (the default) is a phone registered on the box calling in:
 * {@code sofia/internal/<number>@<domain>}, PCMU, the {@code sip_*} variables of outbound_sip_auth_call.
 * {@link Endpoint#LOOPBACK} is what the captures did with {@code originate loopback/<ext>/default &park()}:
 * a parked {@code -a} leg and the {@code -b} leg that runs the dialplan (placeCall returns the -b uuid).
 *
 * <p>Extra channel variables (e.g. {@code sip_h_Referred-By}, {@code sip_refer_to}, {@code transfer_source},
 * {@code last_bridge_to}: the blind-transfer case of fact 36) are added in order after the endpoint's own.
 *
 * <p>Immutable once built; thread-safe.
 */
public final class CallSpec {
  /** The kind of channel. */
  public enum Endpoint { SIP, LOOPBACK }

  final String destination;
  final String context;
  final String callerIdName;
  final String callerIdNumber;
  final Endpoint endpoint;
  final String uuid;
  final String rdnis;
  final String transferSource;
  final boolean answered;
  final Map<String, String> variables;
  /** The SIP address of the box this call comes from, when it is another box's leg (not a phone); else null. */
  final String peerIp;
  private final boolean peerLeg;

  private CallSpec(Builder b) {
    this.destination = b.destination;
    this.context = b.context;
    this.callerIdName = b.callerIdName;
    this.callerIdNumber = b.callerIdNumber;
    this.endpoint = b.endpoint;
    this.uuid = b.uuid;
    this.rdnis = b.rdnis;
    this.transferSource = b.transferSource;
    this.answered = b.answered;
    this.variables = Collections.unmodifiableMap(new LinkedHashMap<>(b.variables));
    this.peerIp = b.peerIp;
    this.peerLeg = b.peerLeg;
  }

  /** A SIP call from "Alice" &lt;1000&gt; to {@code destination} in context {@code default}. */
  public static CallSpec to(String destination) {
    return builder(destination).build();
  }

  public static Builder builder(String destination) {
    return new Builder(destination);
  }

  public String destination() {
    return destination;
  }

  public Map<String, String> variables() {
    return variables;
  }

  /**
   * This call as the INVITE of another box's outbound leg brings it in: the leg's caller ID (sofia puts
   * it in From), {@code headers} (the leg's custom SIP headers as {@code sip_h_*} variables, added before
   * this spec's own variables, which win), no digest authentication (box-to-box legs are not challenged:
   * the fetch leg of crossbox_fetch_leg_channel_data has no {@code sip_auth_*}), and the source address
   * ({@link Builder#fromPeer}, else the box's domain).
   */
  CallSpec asPeerLeg(String legCallerIdName, String legCallerIdNumber, Map<String, String> headers) {
    Builder b = new Builder(destination);
    b.context = context;
    b.callerIdName = legCallerIdName;
    b.callerIdNumber = legCallerIdNumber;
    b.endpoint = Endpoint.SIP;
    b.uuid = uuid;
    b.rdnis = rdnis;
    b.transferSource = transferSource;
    b.answered = answered;
    b.peerIp = peerIp;
    b.peerLeg = true;
    b.variables.putAll(headers);
    variables.keySet().forEach(b.variables::remove);
    b.variables.putAll(variables);
    return b.build();
  }

  /** Whether this is another box's SIP leg ({@link #asPeerLeg}): unauthenticated, and refused if bridged unanswered. */
  boolean peerLeg() {
    return peerLeg;
  }

  @Override
  public String toString() {
    return "CallSpec{" + callerIdName + " <" + callerIdNumber + "> -> " + destination + "@" + context + " " + endpoint + "}";
  }

  /** Collects the call's settings; not thread-safe. */
  public static final class Builder {
    private final String destination;
    private String context = "default";
    private String callerIdName = "Alice";
    private String callerIdNumber = "1000";
    private Endpoint endpoint = Endpoint.SIP;
    private String uuid;
    private String rdnis;
    private String transferSource;
    private boolean answered;
    private String peerIp;
    private boolean peerLeg;
    private final Map<String, String> variables = new LinkedHashMap<>();

    private Builder(String destination) {
      this.destination = Objects.requireNonNull(destination);
    }

    public Builder context(String context) {
      this.context = Objects.requireNonNull(context);
      return this;
    }

    public Builder from(String callerIdName, String callerIdNumber) {
      this.callerIdName = Objects.requireNonNull(callerIdName);
      this.callerIdNumber = Objects.requireNonNull(callerIdNumber);
      return this;
    }

    public Builder endpoint(Endpoint endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint);
      return this;
    }

    public Builder loopback() {
      return endpoint(Endpoint.LOOPBACK);
    }

    /** Use this channel uuid instead of a random one (like {@code origination_uuid}). */
    public Builder uuid(String uuid) {
      this.uuid = uuid;
      return this;
    }

    /** {@code Caller-RDNIS}: what the caller had dialled before a transfer (fact 36: 7001). */
    public Builder rdnis(String rdnis) {
      this.rdnis = rdnis;
      return this;
    }

    /**
     * {@code Caller-Transfer-Source} and the {@code transfer_source}/{@code transfer_history} variables,
     * e.g. {@code 1795553221:938e506c-...:bl_xfer:5000/default/XML}.
     */
    public Builder transferSource(String transferSource) {
      this.transferSource = transferSource;
      return this;
    }

    /** The call arrives already answered (a transferred caller, fact 36). */
    public Builder answered() {
      this.answered = true;
      return this;
    }

    /**
     * The call comes over SIP from the box at {@code ip} (its {@code sip_network_ip}, {@code sip_received_ip}
     * and {@code Caller-Network-Addr}), as the fetch leg of fact 32 came from box B.
     */
    public Builder fromPeer(String ip) {
      this.peerIp = Objects.requireNonNull(ip);
      return this;
    }

    public Builder variable(String name, String value) {
      variables.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
      return this;
    }

    public CallSpec build() {
      return new CallSpec(this);
    }
  }
}
