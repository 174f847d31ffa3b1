package io.callpark.it.chaos;

import static org.awaitility.Awaitility.await;

import io.callpark.it.CallparkCluster;
import io.callpark.it.chaos.ChaosCall.Role;
import io.callpark.it.chaos.Violations.Invariant;
import io.callpark.parking.SlotRecord;
import io.callpark.sim.ChannelSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Invariant 2, "no parked call lost", checked once the faults have stopped and the cluster is whole
 * again: every call that was ever parked (carried {@code callpark_slot}) ends up
 * {@link Fate#RETRIEVED} (bridged to a retriever, or to the fetch leg of one on the other box),
 * {@link Fate#RECALLED} (bridged to its parker's recall leg), {@link Fate#ABANDONED} (the load hung it up
 * while parked) or {@link Fate#STILL_PARKED} — up, held by a node's socket with music on hold, and named
 * by the slot record of the slot it carries. Anything else once {@code settle} has passed is
 * {@link Fate#LOST}: hung up by something other than its caller (a dialplan's loop guard), or up with
 * nobody in control, no record, or no music. A caller that never got a slot and is still up is lost too
 * (left in limbo); one that never got a slot and is gone was {@link Fate#REFUSED} (a full lot).
 * Stateless; thread-safe.
 */
public final class CallFates {
  /** Where a parking caller ended up. */
  public enum Fate { RETRIEVED, RECALLED, ABANDONED, STILL_PARKED, REFUSED, BRIDGED_ELSEWHERE, LOST }

  private CallFates() {}

  /** Waits up to {@code settle} for every call to settle, reports the lost ones, returns the tally. */
  public static Map<Fate, Integer> check(CallparkCluster cluster, Collection<ChaosCall> calls, Violations v,
      Duration settle) {
    List<ChaosCall> parkers = calls.stream().filter(c -> c.role() != Role.RETRIEVES).toList();
    try {
      await("every parking caller settled").atMost(settle).pollInterval(Duration.ofMillis(500))
          .until(() -> lost(cluster, parkers, calls).isEmpty());
    } catch (ConditionTimeoutException e) {
      // reported below
    }
    Map<ChaosCall, String> lost = lost(cluster, parkers, calls);
    Map<Fate, Integer> tally = new EnumMap<>(Fate.class);
    for (Fate f : Fate.values()) {
      tally.put(f, 0);
    }
    Map<String, SlotRecord> records = records(cluster);
    for (ChaosCall c : parkers) {
      Fate f = lost.containsKey(c) ? Fate.LOST : fate(cluster, c, calls, records);
      tally.merge(f, 1, Integer::sum);
    }
    v.checked(Invariant.NO_CALL_LOST, parkers.size());
    lost.forEach((c, why) -> v.violated(Invariant.NO_CALL_LOST, why + ": " + c));
    return tally;
  }

  /** The calls not settled yet, each with why. */
  private static Map<ChaosCall, String> lost(CallparkCluster cluster, List<ChaosCall> parkers, Collection<ChaosCall> all) {
    Map<String, SlotRecord> records = records(cluster);
    Map<ChaosCall, String> out = new HashMap<>();
    for (ChaosCall c : parkers) {
      Fate f = fate(cluster, c, all, records);
      if (f == Fate.LOST) {
        out.put(c, why(c, records));
      }
    }
    return out;
  }

  private static Fate fate(CallparkCluster cluster, ChaosCall c, Collection<ChaosCall> all, Map<String, SlotRecord> records) {
    if (c.bridged()) {
      return partnerFate(cluster, c, all);
    }
    if (!c.everParked()) {
      return c.ended() ? Fate.REFUSED : Fate.LOST;
    }
    if (c.ended()) {
      return c.wasHungUpByLoad() ? Fate.ABANDONED : Fate.LOST;
    }
    return properlyParked(c, records) ? Fate.STILL_PARKED : Fate.LOST;
  }

  private static Fate partnerFate(CallparkCluster cluster, ChaosCall c, Collection<ChaosCall> all) {
    Fate best = Fate.BRIDGED_ELSEWHERE;
    for (String p : c.partners()) {
      if (all.stream().anyMatch(x -> x.uuid().equals(p) && x.role() == Role.RETRIEVES)) {
        return Fate.RETRIEVED;
      }
      Optional<ChannelSnapshot> leg = cluster.box(c.box()).channel(p);
      if (leg.isPresent() && leg.get().destination() != null && leg.get().destination().startsWith("fetch+")) {
        return Fate.RETRIEVED;
      }
      if (leg.isPresent() && leg.get().variable("callpark_recall") != null) {
        best = Fate.RECALLED;
      }
    }
    return best;
  }

  private static boolean properlyParked(ChaosCall c, Map<String, SlotRecord> records) {
    ChannelSnapshot s = c.last().orElseThrow();
    SlotRecord r = c.lastSlot().map(records::get).orElse(null);
    return s.controlled() && r != null && c.uuid().equals(r.callUuid()) && "playback".equals(s.application())
        && s.applicationData() != null && s.applicationData().contains("moh");
  }

  private static String why(ChaosCall c, Map<String, SlotRecord> records) {
    if (!c.everParked()) {
      return "never parked and still up (in limbo)";
    }
    if (c.ended()) {
      return "hung up by " + c.last().map(ChannelSnapshot::hangupCause).orElse("?") + ", not by its caller";
    }
    ChannelSnapshot s = c.last().orElseThrow();
    SlotRecord r = c.lastSlot().map(records::get).orElse(null);
    List<String> what = new ArrayList<>();
    if (!s.controlled()) {
      what.add("no node in control");
    }
    if (r == null) {
      what.add("no record for " + c.lastSlot().orElse("?"));
    } else if (!c.uuid().equals(r.callUuid())) {
      what.add("record of " + r.key() + " names " + r.callUuid());
    }
    if (!"playback".equals(s.application())) {
      what.add("no music (app " + s.application() + ")");
    }
    return "parked call still up with " + String.join(", ", what);
  }

  private static Map<String, SlotRecord> records(CallparkCluster cluster) {
    Map<String, SlotRecord> out = new HashMap<>();
    cluster.slots().records().forEach(r -> out.put(r.key(), r));
    return out;
  }
}
