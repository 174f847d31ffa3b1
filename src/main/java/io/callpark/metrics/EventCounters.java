package io.callpark.metrics;

import io.callpark.parking.ParkEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;

/**
 * Counts {@link ParkEvent}s by lot, as a {@code ParkEvents} listener. An event is published once, by the
 * node that did the deed (the one whose conditional write won), so each happening is counted once in the
 * cluster: {@code sum by (lot)} over the nodes is the cluster's figure.
 *
 * <table>
 *   <caption>Counters (Prometheus names)</caption>
 *   <tr><td>{@code callpark_parks_total{lot}}</td><td>PARKED</td></tr>
 *   <tr><td>{@code callpark_retrieves_total{lot,how}}</td><td>RETRIEVED (how=slot), RECALL_ANSWERED (recall),
 *       RING_ANSWERED (ring)</td></tr>
 *   <tr><td>{@code callpark_abandons_total{lot}}</td><td>ABANDONED: the caller hung up in park</td></tr>
 *   <tr><td>{@code callpark_timeouts_total{lot}}</td><td>TIMEOUT: the parking time ran out (once per round of
 *       the escalation chain)</td></tr>
 *   <tr><td>{@code callpark_escalations_total{lot}}</td><td>ESCALATED: an escalation step other than recall
 *       and remind began (ring, queue, voicemail, transfer, hangup)</td></tr>
 *   <tr><td>{@code callpark_recalls_total{lot}}</td><td>RECALL_RINGING: the parker's phone rings</td></tr>
 *   <tr><td>{@code callpark_refusals_total{lot}}</td><td>REFUSED: slot taken, lot full, bad request</td></tr>
 * </table>
 *
 * <p>Thread-safe (Micrometer counters are).
 */
final class EventCounters {
  static final String PARKS = "callpark.parks";
  static final String RETRIEVES = "callpark.retrieves";
  static final String ABANDONS = "callpark.abandons";
  static final String TIMEOUTS = "callpark.timeouts";
  static final String ESCALATIONS = "callpark.escalations";
  static final String RECALLS = "callpark.recalls";
  static final String REFUSALS = "callpark.refusals";

  private static final java.util.Map<String, String> HELP = java.util.Map.of(
      PARKS, "calls parked, counted by the node that parked them (use sum)",
      ABANDONS, "parked callers who hung up before anyone picked them up",
      TIMEOUTS, "parked calls whose parking time ran out (once per round of the escalation chain)",
      ESCALATIONS, "escalation steps begun other than recall and remind (ring, queue, voicemail, transfer, hangup)",
      RECALLS, "recall steps begun: the parker's phone rings",
      REFUSALS, "park requests refused: slot taken, lot full, bad request");

  private final MeterRegistry registry;

  /** Registers every counter at zero for each configured lot, so dashboards see them before any event. */
  EventCounters(MeterRegistry registry, Collection<String> lots) {
    this.registry = registry;
    for (String lot : lots) {
      for (String name : new String[] {PARKS, ABANDONS, TIMEOUTS, ESCALATIONS, RECALLS, REFUSALS}) {
        counter(name, lot);
      }
      for (String how : new String[] {"slot", "recall", "ring"}) {
        retrieves(lot, how);
      }
    }
  }

  void onEvent(ParkEvent e) {
    String lot = e.lot();
    switch (e.type()) {
      case PARKED -> counter(PARKS, lot).increment();
      case RETRIEVED -> retrieves(lot, "slot").increment();
      case RECALL_ANSWERED -> retrieves(lot, "recall").increment();
      case RING_ANSWERED -> retrieves(lot, "ring").increment();
      case ABANDONED -> counter(ABANDONS, lot).increment();
      case TIMEOUT -> counter(TIMEOUTS, lot).increment();
      case ESCALATED -> counter(ESCALATIONS, lot).increment();
      case RECALL_RINGING -> counter(RECALLS, lot).increment();
      case REFUSED -> counter(REFUSALS, lot).increment();
      default -> { } // reminders, reservations, hand-ons: visible in the event log, not counted
    }
  }

  private Counter counter(String name, String lot) {
    return Counter.builder(name).tag("lot", lot).description(HELP.get(name)).register(registry);
  }

  private Counter retrieves(String lot, String how) {
    return Counter.builder(RETRIEVES).tag("lot", lot).tag("how", how)
        .description("parked calls picked up: by dialling the slot, by the parker on recall, by a ring step's target")
        .register(registry);
  }
}
