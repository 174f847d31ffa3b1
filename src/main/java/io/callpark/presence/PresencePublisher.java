package io.callpark.presence;

import io.callpark.cluster.ClusterMembership;
import io.callpark.esl.codec.EslEvent;
import io.callpark.esl.codec.EslHeaders;
import io.callpark.esl.link.BoxLinks;
import io.callpark.esl.link.FreeSwitchLink;
import io.callpark.parking.Lot;
import io.callpark.parking.SlotRecord;
import io.callpark.parking.store.SlotChange;
import io.callpark.parking.store.SlotStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BLF lamps of one node: publishes {@code PRESENCE_IN} ({@link PresenceHeaders}, valet_park's header set)
 * to every box over the inbound links, answers phones' {@code PRESENCE_PROBE}s, and reconciles.
 *
 * <ul>
 *   <li><b>Changes.</b> It {@link SlotStore#watch watches} the store, so every write by any flow on any
 *       node reaches it without the flows knowing about lamps. Each node hears every change; only the
 *       node that {@link ClusterMembership#ownerOf owns} the slot's key publishes the slot's event (to
 *       every box), and only the owner of the lot name publishes the lot's ({@code Active (N callers)},
 *       counted from the store, coalesced while a count is running). A change that leaves the lamp as it
 *       was (a new owner, a deadline) sends nothing.</li>
 *   <li><b>event_count</b> is the store's per-key counter ({@link SlotStore#nextCounts}), drawn for each
 *       event: it never goes backwards for a slot, across nodes and across the slot being emptied and
 *       taken again. Events of one key are sent one after the other ({@link KeyedSerial}), in draw
 *       order.</li>
 *   <li><b>Probes</b> are answered by the owner of the slot's key only, with the state read from the
 *       store at that moment and {@code call-id} = the probe's {@code sub-call-id}, to the box that asked.
 *       Other nodes ignore them.</li>
 *   <li><b>Reconcile</b> republishes every configured slot this node owns (empty ones as Empty) and the
 *       lots it owns: to a box when it connects or reconnects, to every box when a node leaves the
 *       cluster (its slots now belong to the survivors, whose lamps may have missed changes), and
 *       periodically ({@link PresenceOptions#reconcileEvery()}). It is rate-limited
 *       ({@link ReconcileQueue}); a slot that changed after the reconcile read it is skipped, because its
 *       own event already carries the newer state.</li>
 * </ul>
 *
 * <p><b>Threading.</b> All state lives on one Vert.x context (current when constructed, else a new
 * event-loop context). Public methods are thread-safe and hop onto it. The events of changes and probe answers
 * are not awaited (the inbound client writes them in call order); a reconcile sends its next batch only
 * when the boxes have answered the previous one. A box that is not connected is skipped (it is
 * reconciled when it connects).
 */
public final class PresencePublisher {
  private static final Logger log = LoggerFactory.getLogger(PresencePublisher.class);
  static final String EVENT = "PRESENCE_IN";

  private final Vertx vertx;
  private final Context context;
  private final String nodeId;
  private final Map<String, Lot> lots;
  private final SlotStore store;
  private final ClusterMembership membership;
  private final BoxLinks links;
  private final PresenceOptions options;
  private final KeyedSerial serial = new KeyedSerial();
  private final ReconcileQueue queue;
  /** Per key, the value of {@link #changesSeen} when its latest change arrived. */
  private final Map<String, Long> lastChange = new HashMap<>();
  private final Set<String> lotRefreshQueued = new HashSet<>();
  /** Per key, the highest event_count this node has sent. */
  private final Map<String, Long> sentCount = new HashMap<>();
  private final LotCallers callers = new LotCallers();
  private long changesSeen;
  private SlotStore.Watch watch;
  private long periodic = -1;
  private boolean running;

  private final AtomicLong published = new AtomicLong();
  private final AtomicLong probesAnswered = new AtomicLong();
  private final AtomicLong probesOfOthers = new AtomicLong();
  private final AtomicLong probesUnknown = new AtomicLong();
  private final AtomicLong reconcileQueued = new AtomicLong();
  private final AtomicLong reconcileSkipped = new AtomicLong();
  private final AtomicLong reconcileRuns = new AtomicLong();

  /**
   * @param nodeId this node's id, as {@code membership} names it
   * @param lots the configured lots (every slot of them is reconciled)
   * @param links the boxes
   */
  public PresencePublisher(Vertx vertx, String nodeId, Map<String, Lot> lots, SlotStore store,
      ClusterMembership membership, BoxLinks links, PresenceOptions options) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.nodeId = Objects.requireNonNull(nodeId);
    this.lots = Map.copyOf(lots);
    this.store = store;
    this.membership = membership;
    this.links = links;
    this.options = options;
    this.queue = new ReconcileQueue(vertx, options.reconcileRate(), this::reconciled);
  }

  /** Watches the store and starts the periodic reconcile. Idempotent. */
  public void start() {
    onContext(() -> {
      if (running) {
        return;
      }
      running = true;
      watch = store.watch(change -> context.runOnContext(v -> onChange(change)));
      long every = options.reconcileEvery().toMillis();
      if (every > 0) {
        periodic = vertx.setPeriodic(every, id -> reconcile(links.all()));
      }
    });
  }

  /** Stops watching, reconciling and answering. Idempotent. */
  public Future<Void> stop() {
    return onContextFuture(() -> {
      running = false;
      if (watch != null) {
        watch.close();
        watch = null;
      }
      if (periodic >= 0) {
        vertx.cancelTimer(periodic);
        periodic = -1;
      }
      queue.clear();
      callers.clear();
      return Future.succeededFuture();
    });
  }

  /** Feed of one box's events (the inbound link's handler): PRESENCE_PROBEs are answered, the rest ignored. */
  public void onBoxEvent(FreeSwitchLink link, EslEvent event) {
    if ("PRESENCE_PROBE".equals(event.name())) {
      onContext(() -> onProbe(link, event));
    }
  }

  /** Box {@code link} connected (or reconnected): it may have lost every lamp, so it gets them all. */
  public void boxConnected(FreeSwitchLink link) {
    onContext(() -> reconcile(List.of(link)));
  }

  /** Node {@code node} left the cluster: slots it owned are ours now, and may have missed changes. */
  public void nodeLeft(String node) {
    onContext(() -> reconcile(links.all()));
  }

  /**
   * Queues a republish of every configured slot and lot this node owns to {@code targets}; completes with
   * the number queued once the lots were read (the events then go out at the reconcile rate).
   */
  public Future<Integer> reconcile(Collection<? extends FreeSwitchLink> targets) {
    return onContextFuture(() -> {
      if (!running) {
        return Future.succeededFuture(0);
      }
      reconcileRuns.incrementAndGet();
      long since = changesSeen;
      Set<String> boxes = new LinkedHashSet<>();
      targets.forEach(t -> boxes.add(t.boxId()));
      List<Future<Integer>> perLot = new ArrayList<>();
      for (Lot lot : lots.values()) {
        perLot.add(store.list(lot.name()).map(records -> {
          callers.learn(lot.name(), records, since, this::lastChangeOf);
          return queueLot(lot, records, boxes, since);
        }));
      }
      return Future.all(perLot).map(all -> {
        int n = 0;
        for (int i = 0; i < all.size(); i++) {
          n += all.<Integer>resultAt(i);
        }
        log.debug("reconcile of boxes {}: {} slot(s)/lot(s) queued", boxes, n);
        return n;
      });
    });
  }

  /** What this node has done so far; readable from any thread. */
  public PresenceStats stats() {
    return new PresenceStats(published.get(), probesAnswered.get(), probesOfOthers.get(), probesUnknown.get(),
        reconcileRuns.get(), reconcileQueued.get(), reconcileSkipped.get());
  }

  // ---- on the context

  private void onChange(SlotChange c) {
    if (!running) {
      return;
    }
    changesSeen++;
    lastChange.put(c.key(), changesSeen);
    Lamp before = Lamp.of(c.before(), options.recallLamp());
    Lamp after = Lamp.of(c.after(), options.recallLamp());
    if (before != after && mine(c.key())) {
      serial.run(c.key(), () -> publishSlot(c.key(), c.slot(), after, connected(links.all()), null, null));
    }
    boolean had = Lamp.hasCaller(c.before());
    boolean has = Lamp.hasCaller(c.after());
    callers.changed(c.lot(), c.slot(), has);
    if (had != has && mine(c.lot())) {
      refreshLot(c.lot());
    }
  }

  private void onProbe(FreeSwitchLink link, EslEvent event) {
    Probe p = Probe.from(event);
    if (p == null || !running) {
      return;
    }
    Lot slotLot = lotOfSlot(p.target());
    String key = slotLot != null ? SlotRecord.key(slotLot.name(), p.target()) : lots.containsKey(p.target()) ? p.target() : null;
    if (key == null) {
      probesUnknown.incrementAndGet();
      log.debug("probe for park+{} from box {}: no such slot or lot", p.target(), link.boxId());
      return;
    }
    if (!mine(key)) {
      probesOfOthers.incrementAndGet();
      return;
    }
    probesAnswered.incrementAndGet();
    if (slotLot != null) {
      serial.run(key, () -> store.get(slotLot.name(), p.target()).compose(r ->
          publishSlot(key, p.target(), Lamp.of(r.orElse(null), options.recallLamp()), List.of(link), p.domain(), p.subCallId())));
    } else {
      serial.run(key, () -> publishLot(p.target(), List.of(link), p.domain(), p.subCallId()));
    }
  }

  /** Counts the lot's callers and publishes its lamp; a refresh already queued (not started) absorbs this one. */
  private void refreshLot(String lot) {
    if (!lotRefreshQueued.add(lot)) {
      return;
    }
    serial.run(lot, () -> {
      lotRefreshQueued.remove(lot);
      return publishLot(lot, connected(links.all()), null, null);
    });
  }

  private int queueLot(Lot lot, List<SlotRecord> records, Set<String> boxes, long since) {
    Map<String, SlotRecord> bySlot = new HashMap<>();
    records.forEach(r -> bySlot.put(r.slot(), r));
    int n = 0;
    for (String slot : lot.slots().names()) {
      String key = SlotRecord.key(lot.name(), slot);
      if (mine(key)) {
        queue.add(new ReconcileQueue.Item(key, lot.name(), slot, bySlot.get(slot), boxes, since));
        n++;
      }
    }
    if (mine(lot.name())) {
      queue.add(new ReconcileQueue.Item(lot.name(), lot.name(), null, null, boxes, since));
      n++;
    }
    reconcileQueued.addAndGet(n);
    return n;
  }

  /**
   * A batch of reconcile items had its turn (rate limit): lots are refreshed; slots still current get one
   * counter draw for the whole batch, then their events. A slot whose change was seen since the snapshot,
   * or whose own events are being sent, is skipped: those carry a newer state.
   */
  private Future<Void> reconciled(List<ReconcileQueue.Item> batch) {
    if (!running) {
      return Future.succeededFuture();
    }
    List<Future<?>> sent = new ArrayList<>();
    List<ReconcileQueue.Item> slots = new ArrayList<>();
    for (ReconcileQueue.Item item : batch) {
      List<FreeSwitchLink> targets = targets(item);
      if (targets.isEmpty()) {
        continue;
      }
      if (item.slot() == null) {
        sent.add(serial.run(item.key(), () -> publishLot(item.lot(), targets, null, null)));
      } else if (stale(item)) {
        reconcileSkipped.incrementAndGet();
      } else {
        slots.add(item);
      }
    }
    if (!slots.isEmpty()) {
      List<String> keys = slots.stream().map(ReconcileQueue.Item::key).toList();
      sent.add(store.nextCounts(keys).compose(counts -> {
        List<Future<?>> replies = new ArrayList<>();
        for (ReconcileQueue.Item item : slots) {
          Long n = counts.get(item.key());
          // Re-checked: the draw took a moment, in which a change or a probe answer may have gone out.
          if (n == null || !running || stale(item)) {
            reconcileSkipped.incrementAndGet();
            continue;
          }
          Lamp lamp = Lamp.of(item.snapshot(), options.recallLamp());
          replies.addAll(send(item.key(), n, targets(item),
              link -> PresenceHeaders.slot(item.slot(), link.domain(), lamp, n, null)));
        }
        return Future.join(replies);
      }).onFailure(e -> log.warn("reconcile: {} slot(s) not republished: {}", slots.size(), e.getMessage())));
    }
    return Future.join(sent).mapEmpty();
  }

  private boolean stale(ReconcileQueue.Item item) {
    return lastChangeOf(item.key()) > item.since() || serial.busy(item.key());
  }

  private List<FreeSwitchLink> targets(ReconcileQueue.Item item) {
    List<FreeSwitchLink> targets = new ArrayList<>();
    for (String box : item.boxes()) {
      links.get(box).filter(FreeSwitchLink::isConnected).ifPresent(targets::add);
    }
    return targets;
  }

  private Future<Void> publishSlot(String key, String slot, Lamp lamp, List<FreeSwitchLink> targets, String domain,
      String callId) {
    if (targets.isEmpty()) {
      return Future.succeededFuture();
    }
    return count(key).map(n -> {
      send(key, n, targets, link -> PresenceHeaders.slot(slot, domain != null ? domain : link.domain(), lamp, n, callId));
      return null;
    });
  }

  private Future<Void> publishLot(String lot, List<FreeSwitchLink> targets, String domain, String callId) {
    if (targets.isEmpty()) {
      return Future.succeededFuture();
    }
    return lotCallers(lot).compose(n -> count(lot).map(c -> {
      send(lot, c, targets, link -> PresenceHeaders.lot(lot, domain != null ? domain : link.domain(), n, c, callId));
      return null;
    }));
  }

  /** The lot's caller count: from the change feed once the lot was read in full, else from a full read. */
  private Future<Integer> lotCallers(String lot) {
    int n = callers.count(lot);
    if (n >= 0) {
      return Future.succeededFuture(n);
    }
    long since = changesSeen;
    return store.list(lot).map(records -> {
      callers.learn(lot, records, since, this::lastChangeOf);
      return callers.count(lot);
    });
  }

  private long lastChangeOf(String key) {
    return lastChange.getOrDefault(key, 0L);
  }

  private Future<Long> count(String key) {
    return store.nextCounts(List.of(key)).map(m -> m.get(key));
  }

  /**
   * Sends one event per target, unless an event of {@code key} with a higher count already left this node
   * (a reconcile's draw overtaken by a change or probe answer): event_count never goes backwards.
   */
  private List<Future<String>> send(String key, long count, List<FreeSwitchLink> targets,
      Function<FreeSwitchLink, EslHeaders> headers) {
    Long sent = sentCount.get(key);
    if (sent != null && sent > count) {
      reconcileSkipped.incrementAndGet();
      return List.of();
    }
    sentCount.put(key, count);
    List<Future<String>> replies = new ArrayList<>();
    for (FreeSwitchLink link : targets) {
      if (!link.isConnected()) {
        continue;
      }
      EslHeaders h = headers.apply(link);
      published.incrementAndGet();
      replies.add(link.sendEvent(EVENT, h, null).onFailure(e ->
          log.debug("PRESENCE_IN {} to box {} failed: {}", h.get("login"), link.boxId(), e.getMessage())));
    }
    return replies;
  }

  private boolean mine(String key) {
    return nodeId.equals(membership.ownerOf(key));
  }

  private Lot lotOfSlot(String slot) {
    for (Lot lot : lots.values()) {
      if (lot.slots().contains(slot)) {
        return lot;
      }
    }
    return null;
  }

  private static List<FreeSwitchLink> connected(Collection<FreeSwitchLink> all) {
    List<FreeSwitchLink> out = new ArrayList<>();
    for (FreeSwitchLink l : all) {
      if (l.isConnected()) {
        out.add(l);
      }
    }
    return out;
  }

  private void onContext(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }

  private <T> Future<T> onContextFuture(java.util.function.Supplier<Future<T>> action) {
    if (Vertx.currentContext() == context) {
      return action.get();
    }
    io.vertx.core.Promise<T> p = io.vertx.core.Promise.promise();
    context.runOnContext(v -> action.get().onComplete(p));
    return p.future();
  }
}
