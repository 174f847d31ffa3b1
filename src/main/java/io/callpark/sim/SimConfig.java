package io.callpark.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/**
 * How a {@link FakeFreeSwitch} box looks from the outside: where the inbound event socket listens, its
 * password, the identity headers every event carries ({@code Core-UUID}, {@code FreeSWITCH-Hostname} ...,
 * defaulting to the values in ../shared/freeswitch captures), the dialplan, timing of simulated media and
 * the optional HEARTBEAT. Build with {@link #builder()}.
 *
 * <p>Immutable; thread-safe. (The {@link FakeDialplan} it holds is itself thread-safe and may still be
 * changed after the box started.)
 */
public final class SimConfig {
  /** Where the linger {@code text/disconnect-notice} goes relative to the last hangup events (fact 53). */
  public enum LingerOrder {
    /** SIP channels before CS_REPORTING (outbound_sip_call), others after CHANNEL_HANGUP_COMPLETE. */
    BY_ENDPOINT,
    /** Always after CHANNEL_HANGUP_COMPLETE, as on the loopback captures. */
    AFTER_HANGUP_COMPLETE,
    /** Always right after CHANNEL_STATE CS_HANGUP, before CS_REPORTING, as on the SIP captures. */
    BEFORE_REPORTING
  }

  final String host;
  final int port;
  final String password;
  final String hostname;
  final String ipv4;
  final String ipv6;
  final String coreUuid;
  final String domain;
  final Clock clock;
  final ZoneId zone;
  final Duration heartbeatInterval;
  final LingerOrder lingerOrder;
  final Duration lingerCloseDelay;
  final Function<String, Duration> playbackDuration;
  final FakeDialplan dialplan;
  final long initialEventSequence;
  final int eventLogLimit;
  final int recordLimit;
  final Duration outboundConnectTimeout;
  final String outboundSourceAddress;
  final SimEndpoint endpoint;

  private SimConfig(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.password = b.password;
    this.hostname = b.hostname;
    this.ipv4 = b.ipv4;
    this.ipv6 = b.ipv6;
    this.coreUuid = b.coreUuid;
    this.domain = b.domain;
    this.clock = b.clock;
    this.zone = b.zone;
    this.heartbeatInterval = b.heartbeatInterval;
    this.lingerOrder = b.lingerOrder;
    this.lingerCloseDelay = b.lingerCloseDelay;
    this.playbackDuration = b.playbackDuration;
    this.dialplan = b.dialplan;
    this.initialEventSequence = b.initialEventSequence;
    this.eventLogLimit = b.eventLogLimit;
    this.recordLimit = b.recordLimit;
    this.outboundConnectTimeout = b.outboundConnectTimeout;
    this.outboundSourceAddress = b.outboundSourceAddress;
    this.endpoint = b.endpoint;
  }

  public static Builder builder() {
    return new Builder();
  }

  public static SimConfig defaults() {
    return builder().build();
  }

  public String host() {
    return host;
  }

  public String password() {
    return password;
  }

  public String coreUuid() {
    return coreUuid;
  }

  public String domain() {
    return domain;
  }

  public FakeDialplan dialplan() {
    return dialplan;
  }

  /**
   * The default media timing: {@code local_stream://} and {@code endless_playback} play until broken
   * (music on hold), {@code silence_stream://N} plays N ms, {@code tone_stream://} 200 ms, anything else
   * (a file, {@code say:}) 300 ms.
   */
  public static Duration defaultPlaybackDuration(String file) {
    if (file == null || file.startsWith("local_stream://")) {
      return null;
    }
    if (file.startsWith("silence_stream://")) {
      String ms = file.substring("silence_stream://".length()).split(",")[0].trim();
      try {
        long n = Long.parseLong(ms);
        return n <= 0 ? null : Duration.ofMillis(n);
      } catch (NumberFormatException e) {
        return Duration.ofMillis(300);
      }
    }
    if (file.startsWith("tone_stream://")) {
      return Duration.ofMillis(200);
    }
    return Duration.ofMillis(300);
  }

  /** Collects settings; not thread-safe. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 0;
    private String password = "ClueCon";
    private String hostname = "vm";
    private String ipv4 = "192.0.2.2";
    private String ipv6 = "fd00::2";
    private String coreUuid = UUID.randomUUID().toString();
    private String domain = "127.0.0.1";
    private Clock clock = Clock.systemUTC();
    private ZoneId zone = ZoneId.systemDefault();
    private Duration heartbeatInterval;
    private LingerOrder lingerOrder = LingerOrder.BY_ENDPOINT;
    private Duration lingerCloseDelay = Duration.ofMillis(20);
    private Function<String, Duration> playbackDuration = SimConfig::defaultPlaybackDuration;
    private FakeDialplan dialplan = new FakeDialplan();
    private long initialEventSequence = 1;
    private int eventLogLimit = 10_000;
    private int recordLimit = 100_000;
    private Duration outboundConnectTimeout = Duration.ofSeconds(2);
    private String outboundSourceAddress;
    private SimEndpoint endpoint = SimEndpoint.answering(Duration.ZERO);

    /** Interface the inbound event socket binds to (default 127.0.0.1, as event_socket.conf listen-ip). */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host);
      return this;
    }

    /** Inbound port; 0 (the default) picks an ephemeral one, see {@link FakeFreeSwitch#port()}. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder password(String password) {
      this.password = Objects.requireNonNull(password);
      return this;
    }

    /** {@code FreeSWITCH-Hostname} and {@code FreeSWITCH-Switchname} (captures: {@code vm}). */
    public Builder hostname(String hostname) {
      this.hostname = Objects.requireNonNull(hostname);
      return this;
    }

    public Builder ipv4(String ipv4) {
      this.ipv4 = Objects.requireNonNull(ipv4);
      return this;
    }

    public Builder coreUuid(String coreUuid) {
      this.coreUuid = Objects.requireNonNull(coreUuid);
      return this;
    }

    /** SIP domain used in channel names, presence ({@code park+6001@<domain>}) and sip_* variables. */
    public Builder domain(String domain) {
      this.domain = Objects.requireNonNull(domain);
      return this;
    }

    /** Source of {@code Event-Date-*} and channel timestamps (not of timers, which are real). */
    public Builder clock(Clock clock, ZoneId zone) {
      this.clock = Objects.requireNonNull(clock);
      this.zone = Objects.requireNonNull(zone);
      return this;
    }

    /** Fire HEARTBEAT (then RE_SCHEDULE) this often; FreeSWITCH uses 20 s (fact 47). Null: never. */
    public Builder heartbeat(Duration interval) {
      this.heartbeatInterval = interval;
      return this;
    }

    public Builder lingerOrder(LingerOrder order) {
      this.lingerOrder = Objects.requireNonNull(order);
      return this;
    }

    /** How long a lingering outbound socket stays open after its disconnect notice (default 20 ms). */
    public Builder lingerCloseDelay(Duration delay) {
      this.lingerCloseDelay = Objects.requireNonNull(delay);
      return this;
    }

    /**
     * How long {@code playback}/{@code say} of a given file runs before it completes with FILE PLAYED;
     * return null for "until uuid_break or hangup". See {@link SimConfig#defaultPlaybackDuration}.
     */
    public Builder playbackDuration(Function<String, Duration> playbackDuration) {
      this.playbackDuration = Objects.requireNonNull(playbackDuration);
      return this;
    }

    public Builder dialplan(FakeDialplan dialplan) {
      this.dialplan = Objects.requireNonNull(dialplan);
      return this;
    }

    /** The first {@code Event-Sequence}; it then grows by one per event, box-wide. */
    public Builder initialEventSequence(long sequence) {
      this.initialEventSequence = sequence;
      return this;
    }

    /** How many fired events {@link FakeFreeSwitch#firedEvents()} keeps (oldest dropped first). */
    public Builder eventLogLimit(int limit) {
      this.eventLogLimit = limit;
      return this;
    }

    /**
     * How many recorded requests, sendevents and chats are kept (oldest dropped first), so long benchmark
     * runs do not grow without bound.
     */
    public Builder recordLimit(int limit) {
      this.recordLimit = limit;
      return this;
    }

    /** Timeout of one {@code socket} connect attempt before failing over to the next target. */
    public Builder outboundConnectTimeout(Duration timeout) {
      this.outboundConnectTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /**
     * Local address the {@code socket} application's connections are bound to (default: none, the
     * kernel picks). Boxes with different loopback sources ({@code 127.0.0.2}, ...) spread the scale
     * benchmark's connections over more source-port ranges: one source address reaches one controller
     * port at most once per ephemeral port.
     */
    public Builder outboundSourceAddress(String address) {
      this.outboundSourceAddress = address;
      return this;
    }

    /** What the far end of {@code bridge} and {@code originate} does (default: answers at once). */
    public Builder endpoint(SimEndpoint endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint);
      return this;
    }

    public SimConfig build() {
      return new SimConfig(this);
    }
  }
}
