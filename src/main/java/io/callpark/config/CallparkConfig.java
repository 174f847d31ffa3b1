package io.callpark.config;

import io.callpark.esl.outbound.OutboundOptions;
import io.callpark.management.ManagementOptions;
import io.callpark.parking.Lot;
import io.callpark.parking.ParkingContext;
import io.callpark.presence.PresenceOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a node needs, validated: {@link ConfigLoader} builds it from {@code callpark.yaml} or
 * gives the embedded default (one node, one box on 127.0.0.1:8021, lot {@code default} 6001–6099).
 *
 * @param nodeId this node's id, unique in the cluster
 * @param outbound where FreeSWITCH's {@code socket} connects
 * @param dialplan the context and park extension calls are sent back to
 * @param boxes FreeSWITCH boxes
 * @param lots lots by name, in file order
 * @param defaultLot lot used when the dialplan names none
 * @param messageParker send a SIP MESSAGE to a parker who blind-transferred
 * @param timerPeriod how often deadlines are scanned
 * @param clusterConfig Hazelcast's own YAML ({@code cluster.yaml}); null for the embedded single member
 * @param presence BLF lamps: recall lamp, reconcile period and rate
 * @param management where {@code /metrics}, {@code /health/*} and the CLI's {@code /status} are served
 * @param http the HTTP API ({@code http:}); null when the file has no such section: no HTTP server
 */
public record CallparkConfig(String nodeId, OutboundOptions outbound, ParkingContext.Dialplan dialplan,
    List<BoxConfig> boxes, Map<String, Lot> lots, String defaultLot, boolean messageParker, Duration timerPeriod,
    Path clusterConfig, PresenceOptions presence, ManagementOptions management, HttpConfig http) {

  public CallparkConfig {
    boxes = List.copyOf(boxes);
    lots = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(lots));
    java.util.Objects.requireNonNull(presence, "presence");
    java.util.Objects.requireNonNull(management, "management");
  }

  /** With the default presence and management settings and no HTTP API. */
  public CallparkConfig(String nodeId, OutboundOptions outbound, ParkingContext.Dialplan dialplan,
      List<BoxConfig> boxes, Map<String, Lot> lots, String defaultLot, boolean messageParker, Duration timerPeriod,
      Path clusterConfig) {
    this(nodeId, outbound, dialplan, boxes, lots, defaultLot, messageParker, timerPeriod, clusterConfig,
        PresenceOptions.DEFAULT, ManagementOptions.DEFAULT, null);
  }

  public CallparkConfig withPresence(PresenceOptions p) {
    return new CallparkConfig(nodeId, outbound, dialplan, boxes, lots, defaultLot, messageParker, timerPeriod,
        clusterConfig, p, management, http);
  }

  public CallparkConfig withManagement(ManagementOptions m) {
    return new CallparkConfig(nodeId, outbound, dialplan, boxes, lots, defaultLot, messageParker, timerPeriod,
        clusterConfig, presence, m, http);
  }

  public CallparkConfig withOutbound(OutboundOptions o) {
    return new CallparkConfig(nodeId, o, dialplan, boxes, lots, defaultLot, messageParker, timerPeriod,
        clusterConfig, presence, management, http);
  }

  public CallparkConfig withBoxes(List<BoxConfig> b) {
    return new CallparkConfig(nodeId, outbound, dialplan, b, lots, defaultLot, messageParker, timerPeriod,
        clusterConfig, presence, management, http);
  }

  public CallparkConfig withLots(Map<String, Lot> l, String def) {
    return new CallparkConfig(nodeId, outbound, dialplan, boxes, l, def, messageParker, timerPeriod,
        clusterConfig, presence, management, http);
  }

  public CallparkConfig withHttp(HttpConfig h) {
    return new CallparkConfig(nodeId, outbound, dialplan, boxes, lots, defaultLot, messageParker, timerPeriod,
        clusterConfig, presence, management, h);
  }

  public CallparkConfig withNodeId(String id) {
    return new CallparkConfig(id, outbound, dialplan, boxes, lots, defaultLot, messageParker, timerPeriod,
        clusterConfig, presence, management, http);
  }
}
