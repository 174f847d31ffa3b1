package io.callpark.bench;

import io.callpark.esl.codec.EslEvent;
import io.callpark.parking.SlotRecord;
import io.callpark.sim.ChannelSnapshot;
import io.callpark.sim.ConnectionInfo;
import io.callpark.sim.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The failover benchmarks' common part: park many calls through one node, spread over both boxes; then,
 * after the benchmark killed or froze that node at {@code t0}, read from what the boxes recorded when
 * each call was back on music on hold under another node — the first {@code sendmsg execute playback
 * local_stream://moh} for the channel on an outbound connection other than its old one, received after
 * {@code t0} (both times are the box's {@code System.nanoTime}, which is this JVM's). Used from the
 * benchmark's thread only.
 */
final class Rehoming {
  private static final long PARK_TIMEOUT_MS = 60_000;

  /** One parked call: its box, channel, slot and the connection of the node that parked it. */
  record Parked(int box, String uuid, String slot, long connectionId) {}

  /**
   * What became of the calls: nanoseconds from {@code t0} to music on hold again per call that came back
   * (ascending), to the box releasing the old socket and to the new socket's {@code connect}; how many
   * were lost and how many came back oddly (see {@link Rehoming#awaitBack}), with the first few of each;
   * how many each survivor took.
   */
  record Outcome(int calls, long[] backNanos, long[] releasedNanos, long[] connectNanos, int lost,
      List<String> lostWhy, int odd, List<String> oddWhy, Map<String, Integer> byNode) {
    double maxSeconds() {
      return backNanos.length == 0 ? Double.NaN : backNanos[backNanos.length - 1] / 1e9;
    }

    String describe() {
      if (backNanos.length == 0) {
        return "none of " + calls + " calls came back";
      }
      return String.format(Locale.ROOT, "%d of %d back on hold %s after the signal; on the way: the box let go of "
          + "the old socket (CHANNEL_UNPARK) %s, the new socket's `connect` arrived %s; taken by %s; %d lost%s; "
          + "%d back and retrievable but not adopted as the same parked call by its holder%s",
          backNanos.length, calls, spread(backNanos), spread(releasedNanos), spread(connectNanos), byNode, lost,
          lost == 0 ? "" : " " + lostWhy, odd, odd == 0 ? "" : " " + oddWhy);
    }

    /** Calls past each step over time since the signal: the failover timeline BENCHMARKS.md shows. */
    SvgChart timeline(String title) {
      SvgChart c = new SvgChart(title, "seconds since the signal", "calls", false);
      c.series("old socket let go (CHANNEL_UNPARK)", cumulativeX(releasedNanos), cumulativeY(releasedNanos));
      c.series("new socket's connect", cumulativeX(connectNanos), cumulativeY(connectNanos));
      c.series("back on hold", cumulativeX(backNanos), cumulativeY(backNanos));
      return c;
    }

    /** At most 200 points of a cumulative count over {@code sortedNanos}: seconds. */
    private static double[] cumulativeX(long[] sortedNanos) {
      int n = Math.min(200, sortedNanos.length);
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = sortedNanos[(int) ((long) i * (sortedNanos.length - 1) / Math.max(1, n - 1))] / 1e9;
      }
      return x;
    }

    private static double[] cumulativeY(long[] sortedNanos) {
      int n = Math.min(200, sortedNanos.length);
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        y[i] = (int) ((long) i * (sortedNanos.length - 1) / Math.max(1, n - 1)) + 1;
      }
      return y;
    }

    private static String spread(long[] sortedNanos) {
      if (sortedNanos.length == 0) {
        return "none";
      }
      double[] ms = Arrays.stream(sortedNanos).mapToDouble(n -> n / 1e6).toArray();
      return String.format(Locale.ROOT, "first %.0f ms, p50 %.0f ms, p90 %.0f ms, last %.0f ms", ms[0],
          Stats.sortedPercentile(ms, 50), Stats.sortedPercentile(ms, 90), ms[ms.length - 1]);
    }
  }

  private Rehoming() {}

  /**
   * Parks {@code count} calls (half on each box) through the {@code 590<node>} extension, {@code inFlight}
   * at a time; each must be parked by that node.
   */
  static List<Parked> parkThrough(ClusterRig rig, int node, int count, int inFlight, Duration timeout) throws Exception {
    List<ChannelSnapshot> parked = ClusterRig.inParallel(count, inFlight, timeout,
        k -> rig.park(k % ClusterRig.BOXES + 1, "590" + node, Integer.toString(20000 + k), PARK_TIMEOUT_MS));
    List<Parked> out = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      ChannelSnapshot s = parked.get(k);
      if (!("n" + node).equals(s.variable("callpark_node")) || s.controllerConnections().size() != 1) {
        throw new IllegalStateException("call " + s.uuid() + " parked by " + s.variable("callpark_node")
            + " on connections " + s.controllerConnections() + ", expected one connection of n" + node);
      }
      out.add(new Parked(k % ClusterRig.BOXES + 1, s.uuid(), s.variable("callpark_slot"), s.controllerConnections().get(0)));
    }
    return out;
  }

  /**
   * Waits (at most {@code bound}, polling the boxes' records every 200 ms) until every call is back on
   * hold on a new connection. Lost: hung up, not back in time, or named by no slot record (so nobody can
   * retrieve it). Counted apart: calls back and retrievable but not the same parked call adopted by the
   * node holding it (another slot, two records, a record owned by another node). {@code wall0Micros} is the wall clock at {@code t0}, to place
   * the box's events (their {@code Event-Date-Timestamp}).
   */
  static Outcome awaitBack(ClusterRig rig, List<Parked> calls, String victim, long t0, long wall0Micros,
      Duration bound) throws Exception {
    Map<String, Long> back = new HashMap<>();
    Map<String, Long> connected = new HashMap<>();
    Map<String, String> backAt = new HashMap<>();
    long until = System.nanoTime() + bound.toNanos();
    while (back.size() < calls.size() && System.nanoTime() < until) {
      TimeUnit.MILLISECONDS.sleep(200);
      scan(rig, calls, t0, back, connected, backAt);
    }
    scan(rig, calls, t0, back, connected, backAt);

    Map<String, List<SlotRecord>> records = new HashMap<>();
    for (SlotRecord r : rig.slots().records()) {
      if (r.callUuid() != null) {
        records.computeIfAbsent(r.callUuid(), k -> new ArrayList<>()).add(r);
      }
    }
    List<String> why = new ArrayList<>();
    List<String> odd = new ArrayList<>();
    int lost = 0;
    int oddCount = 0;
    Map<String, Integer> byNode = new TreeMap<>();
    List<Long> nanos = new ArrayList<>();
    for (Parked p : calls) {
      Long t = back.get(p.uuid());
      Optional<ChannelSnapshot> ch = rig.box(p.box()).channel(p.uuid());
      List<SlotRecord> rs = records.getOrDefault(p.uuid(), List.of());
      String holder = backAt.get(p.uuid());
      String problem = null;
      if (ch.isEmpty() || ch.get().ended()) {
        problem = "hung up (" + ch.map(ChannelSnapshot::hangupCause).orElse("?") + ")";
      } else if (t == null) {
        problem = "no music on hold from a new connection within " + bound.toSeconds() + " s";
      } else if (rs.isEmpty()) {
        problem = "no slot record names it (not retrievable)";
      }
      if (problem != null) {
        lost++;
        if (why.size() < 3) {
          why.add(p.uuid() + " (fs" + p.box() + " slot " + p.slot() + "): " + problem);
        }
      } else {
        // Back and retrievable, but not as the same parked call adopted by the node holding it.
        String slots = rs.stream().map(SlotRecord::slot).toList().toString();
        String owners = rs.stream().map(SlotRecord::ownerNode).toList().toString();
        if (victim.equals(holder) || rs.size() != 1 || !rs.get(0).slot().equals(p.slot())
            || !rs.get(0).ownerNode().equals(holder)) {
          oddCount++;
          if (odd.size() < 3) {
            odd.add(p.uuid() + " (fs" + p.box() + " slot " + p.slot() + "): held by " + holder + ", named by the "
                + "record(s) of slot(s) " + slots + " owned by " + owners);
          }
        }
      }
      if (t != null) {
        nanos.add(t);
        byNode.merge(holder, 1, Integer::sum);
      }
    }
    long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    long[] connects = calls.stream().map(p -> connected.get(p.uuid())).filter(t -> t != null)
        .mapToLong(Long::longValue).sorted().toArray();
    return new Outcome(calls.size(), sorted, released(rig, calls, t0, wall0Micros), connects, lost, why, oddCount,
        odd, byNode);
  }

  /** Adds the calls back on hold since the last scan ({@code back}) and their new sockets' first {@code connect}. */
  private static void scan(ClusterRig rig, List<Parked> calls, long t0, Map<String, Long> back,
      Map<String, Long> connected, Map<String, String> backAt) {
    for (int b = 1; b <= ClusterRig.BOXES; b++) {
      Map<String, Long> oldConnection = new HashMap<>();
      for (Parked p : calls) {
        if (p.box() == b && !back.containsKey(p.uuid())) {
          oldConnection.put(p.uuid(), p.connectionId());
        }
      }
      if (oldConnection.isEmpty()) {
        continue;
      }
      Map<Long, String> nodes = null;
      for (RecordedRequest r : rig.box(b).requests()) {
        if (r.nanoTime() < t0 || r.kind() != ConnectionInfo.Kind.OUTBOUND) {
          continue;
        }
        Long old = oldConnection.get(r.channelUuid());
        if (old != null && r.connectionId() != old && "connect".equals(r.verb())) {
          connected.putIfAbsent(r.channelUuid(), r.nanoTime() - t0);
        }
        if (old != null && r.connectionId() != old && startsMusic(r) && !back.containsKey(r.channelUuid())) {
          if (nodes == null) {
            nodes = rig.nodeOfConnections(b);
          }
          back.put(r.channelUuid(), r.nanoTime() - t0);
          backAt.put(r.channelUuid(), nodes.getOrDefault(r.connectionId(), "?"));
        }
      }
    }
  }

  /** Nanoseconds from {@code t0} to each call's first CHANNEL_UNPARK after it, ascending. */
  private static long[] released(ClusterRig rig, List<Parked> calls, long t0, long wall0Micros) {
    Map<String, Long> at = new HashMap<>();
    for (Parked p : calls) {
      at.put(p.uuid(), null);
    }
    List<Long> out = new ArrayList<>();
    for (int b = 1; b <= ClusterRig.BOXES; b++) {
      for (EslEvent e : rig.box(b).firedEvents()) {
        String uuid = e.header("Unique-ID");
        if ("CHANNEL_UNPARK".equals(e.name()) && at.containsKey(uuid) && at.get(uuid) == null) {
          long micros = Long.parseLong(e.header("Event-Date-Timestamp"));
          if (micros >= wall0Micros) {
            at.put(uuid, (micros - wall0Micros) * 1000);
            out.add((micros - wall0Micros) * 1000);
          }
        }
      }
    }
    return out.stream().mapToLong(Long::longValue).sorted().toArray();
  }

  /** A {@code sendmsg} executing {@code playback} of the hold music (the argument always rides in a header). */
  static boolean startsMusic(RecordedRequest r) {
    return "sendmsg".equals(r.verb()) && "execute".equals(r.header("call-command"))
        && "playback".equals(r.header("execute-app-name")) && ClusterRig.MOH.equals(r.header("execute-app-arg"));
  }
}
