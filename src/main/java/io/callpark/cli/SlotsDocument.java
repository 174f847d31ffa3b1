package io.callpark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.callpark.parking.SlotRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The node's {@code GET /slots} document as the CLI reads it: the configured lots with their slot ranges,
 * and the occupied slots (parked calls and reservations) cluster-wide. Immutable; thread-safe.
 *
 * @param lots the node's lots in its order
 * @param occupied every occupied slot the node reported, ordered by lot and slot
 */
record SlotsDocument(List<LotInfo> lots, List<Occupied> occupied) {
  /** A lot as configured on the node; {@code range} empty if the node's range text could not be read. */
  record LotInfo(String name, String slots, Optional<SlotRange> range) {}

  /** One occupied slot. {@code state} is PARKED, RECALLING, ESCALATING or RESERVED. */
  record Occupied(String lot, String slot, String state, String callerIdName, String callerIdNumber, String parker,
      String node, String box, long waitingSeconds) {
    /** A call is in the slot (a reservation for an attended transfer is not one yet). */
    boolean isCall() {
      return !"RESERVED".equals(state);
    }

    /** {@code Alice <1000>}, the number alone, or null. */
    String caller() {
      boolean name = callerIdName != null && !callerIdName.isEmpty();
      boolean number = callerIdNumber != null && !callerIdNumber.isEmpty();
      return name && number ? callerIdName + " <" + callerIdNumber + ">" : name ? callerIdName : number ? callerIdNumber : null;
    }
  }

  static SlotsDocument read(ManagementClient.Answer answer) {
    List<LotInfo> lots = new ArrayList<>();
    for (JsonNode l : answer.array("lots")) {
      String slots = text(l, "slots");
      Optional<SlotRange> range;
      try {
        range = slots == null ? Optional.empty() : Optional.of(SlotRange.parse(slots));
      } catch (IllegalArgumentException e) {
        range = Optional.empty();
      }
      lots.add(new LotInfo(text(l, "name"), slots, range));
    }
    List<Occupied> occupied = new ArrayList<>();
    for (JsonNode s : answer.array("slots")) {
      occupied.add(new Occupied(text(s, "lot"), text(s, "slot"), text(s, "state"), text(s, "callerIdName"),
          text(s, "callerIdNumber"), text(s, "parker"), text(s, "node"), text(s, "box"),
          s.path("waitingSeconds").asLong(0)));
    }
    return new SlotsDocument(List.copyOf(lots), List.copyOf(occupied));
  }

  /** The occupied entries that are calls, not reservations. */
  List<Occupied> calls() {
    return occupied.stream().filter(Occupied::isCall).toList();
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isMissingNode() || v.isNull() ? null : v.asText();
  }
}
