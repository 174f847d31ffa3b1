package io.callpark.it.chaos;

import io.callpark.esl.codec.EslEvent;
import io.callpark.it.CallparkCluster;
import io.callpark.parking.SlotRecord;
import io.callpark.parking.SlotState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Invariant 3, "no lamp left wrong after reconcile": the last {@code PRESENCE_IN} each box received
 * for every slot and lot (header {@code login}) against the slot records, read here independently of
 * callpark's own lamp code from docs/blf.md's table — no record or RESERVED: {@code Empty}; PARKED:
 * {@code Holding} and {@code confirmed}; RECALLING / ESCALATING: {@code Holding} and {@code early}; a lot:
 * {@code Active (N caller[s])} counting its non-RESERVED records, else {@code Empty}. A slot never
 * published to a box is wrong too (a reconcile publishes every configured slot). Stateless; thread-safe.
 */
public final class LampCheck {
  /** The lots of the test nodes (ItFiles.IT_LOTS) and their slots. */
  static final Map<String, List<String>> LOTS = Map.of("default", range(6001, 6020), "recall", range(6031, 6039));

  private LampCheck() {}

  /** Every lamp that is wrong on some box now, in words; empty when all are right. */
  public static List<String> wrongLamps(CallparkCluster cluster, List<SlotRecord> records) {
    Map<String, SlotRecord> byKey = new HashMap<>();
    records.forEach(r -> byKey.put(r.key(), r));
    List<String> wrong = new ArrayList<>();
    for (int b = 1; b <= CallparkCluster.BOXES; b++) {
      Map<String, EslEvent> last = new HashMap<>();
      for (EslEvent e : cluster.box(b).presenceIn()) {
        if ("park".equals(e.header("proto")) && e.header("login") != null) {
          last.put(e.header("login"), e);
        }
      }
      for (Map.Entry<String, List<String>> lot : LOTS.entrySet()) {
        int callers = 0;
        for (String slot : lot.getValue()) {
          SlotRecord r = byKey.get(SlotRecord.key(lot.getKey(), slot));
          boolean caller = r != null && r.state() != SlotState.RESERVED;
          callers += caller ? 1 : 0;
          String want = !caller ? "Empty/terminated" : r.state() == SlotState.PARKED ? "Holding/confirmed" : "Holding/early";
          compare(wrong, b, slot, want, last.get(slot), r);
        }
        String want = callers == 0 ? "Empty/terminated"
            : "Active (" + callers + (callers == 1 ? " caller)" : " callers)") + "/confirmed";
        compare(wrong, b, lot.getKey(), want, last.get(lot.getKey()), null);
      }
    }
    return wrong;
  }

  /** How many lamps {@link #wrongLamps} compares. */
  public static int lampCount() {
    return CallparkCluster.BOXES * LOTS.values().stream().mapToInt(l -> l.size() + 1).sum();
  }

  private static void compare(List<String> wrong, int b, String login, String want, EslEvent got, SlotRecord r) {
    String shown = got == null ? "nothing" : got.header("force-status") + "/" + got.header("answer-state");
    if (!want.equals(shown)) {
      wrong.add("fs" + b + " " + login + ": shows " + shown + ", should be " + want
          + (r == null ? "" : " (" + r.state() + " " + r.callUuid() + ")"));
    }
  }

  private static List<String> range(int from, int to) {
    List<String> out = new ArrayList<>();
    for (int s = from; s <= to; s++) {
      out.add(Integer.toString(s));
    }
    return out;
  }
}
