package io.callpark.metrics;

import io.callpark.parking.SlotRecord;
import io.callpark.parking.SlotState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parked calls per lot, from a snapshot of the slot store taken just before each scrape
 * ({@link #update}): the store is asynchronous (Hazelcast), a gauge is read synchronously.
 *
 * <ul>
 *   <li>{@code callpark_parked_calls{lot}}: <b>cluster-wide</b>. The store is shared, so every node
 *       reports the same figure: aggregate with {@code max by (lot)}, never {@code sum}. It stays right
 *       while a node is dead and its calls wait to be re-homed, which a per-node figure would miss.</li>
 *   <li>{@code callpark_parked_calls_held{lot}}: the parked calls whose records this node owns (it holds
 *       their sockets): <b>per node</b>, {@code sum} gives the cluster's figure once re-homing is done.</li>
 * </ul>
 * A parked call is a record with a call in it (PARKED, RECALLING or ESCALATING); a slot reserved for an
 * attended transfer is not one yet. When the store cannot be read the gauges read NaN (unknown), not the
 * last figure.
 *
 * <p>Thread-safe.
 */
final class ParkedGauges {
  static final String PARKED = "callpark.parked.calls";
  static final String HELD = "callpark.parked.calls.held";

  private final String nodeId;
  private final MeterRegistry registry;
  private final Map<String, Counts> byLot = new ConcurrentHashMap<>();

  private static final class Counts {
    volatile double parked;
    volatile double held;
  }

  ParkedGauges(MeterRegistry registry, String nodeId, Collection<String> lots) {
    this.registry = registry;
    this.nodeId = nodeId;
    lots.forEach(this::counts);
  }

  private Counts counts(String lot) {
    return byLot.computeIfAbsent(lot, l -> {
      Counts c = new Counts();
      Gauge.builder(PARKED, c, x -> x.parked).tag("lot", l)
          .description("calls parked in the lot, cluster-wide (every node reports the same: use max)")
          .register(registry);
      Gauge.builder(HELD, c, x -> x.held).tag("lot", l)
          .description("parked calls of the lot whose records this node owns (use sum)")
          .register(registry);
      return c;
    });
  }

  /** Sets every lot's figures from {@code records} (every record of every lot). */
  void update(List<SlotRecord> records) {
    Map<String, int[]> seen = new java.util.HashMap<>();
    byLot.keySet().forEach(l -> seen.put(l, new int[2]));
    for (SlotRecord r : records) {
      if (r.state() == SlotState.RESERVED || r.callUuid() == null) {
        continue;
      }
      int[] n = seen.computeIfAbsent(r.lot(), l -> new int[2]);
      n[0]++;
      if (nodeId.equals(r.ownerNode())) {
        n[1]++;
      }
    }
    seen.forEach((lot, n) -> {
      Counts c = counts(lot);
      c.parked = n[0];
      c.held = n[1];
    });
  }

  /** The store could not be read: the figures are unknown. */
  void unknown() {
    byLot.values().forEach(c -> {
      c.parked = Double.NaN;
      c.held = Double.NaN;
    });
  }
}
