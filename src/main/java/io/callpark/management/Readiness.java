package io.callpark.management;

import io.callpark.esl.link.InboundLink;
import io.callpark.node.CallparkNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether a node can take calls, as three checks (docs/operations.md, "Health"):
 * <ol>
 *   <li>{@code outbound}: the outbound event-socket listener is up (it closes first on SIGTERM, so a
 *       draining node is not ready);</li>
 *   <li>{@code cluster}: this node is a member of the cluster (its id is among the live nodes);</li>
 *   <li>{@code boxes}: at least one FreeSWITCH box's inbound link is connected (without one no call can be
 *       answered, transferred or bridged).</li>
 * </ol>
 * Reads only thread-safe state; {@link #check} may run on any thread and never blocks.
 */
public final class Readiness {
  /** One check's verdict, with words for a person. */
  public record Check(String name, boolean ok, String detail) {
    JsonObject toJson() {
      return new JsonObject().put("name", name).put("ok", ok).put("detail", detail);
    }
  }

  /** All three checks; ready when all pass. */
  public record Report(List<Check> checks) {
    public boolean ready() {
      return checks.stream().allMatch(Check::ok);
    }

    public List<String> failed() {
      return checks.stream().filter(c -> !c.ok()).map(Check::name).toList();
    }

    public JsonObject toJson() {
      JsonArray all = new JsonArray();
      checks.forEach(c -> all.add(c.toJson()));
      return new JsonObject().put("ready", ready()).put("failed", new JsonArray(failed())).put("checks", all);
    }
  }

  private final CallparkNode node;

  public Readiness(CallparkNode node) {
    this.node = node;
  }

  public Report check() {
    return new Report(List.of(outbound(), cluster(), boxes()));
  }

  private Check outbound() {
    String where = node.config().outbound().host() + ":" + node.outboundPort();
    return node.outboundListening()
        ? new Check("outbound", true, "listening on " + where)
        : new Check("outbound", false, "outbound event socket listener is not up (starting, draining or stopped)");
  }

  private Check cluster() {
    String me = node.config().nodeId();
    Set<String> live;
    try {
      live = new TreeSet<>(node.membership().liveNodes());
    } catch (RuntimeException e) { // Hazelcast shut down or not started
      return new Check("cluster", false, "cluster membership unavailable: " + e.getClass().getSimpleName());
    }
    return live.contains(me)
        ? new Check("cluster", true, "joined; " + live.size() + " member(s): " + String.join(", ", live))
        : new Check("cluster", false, "node " + me + " is not among the live members " + live);
  }

  private Check boxes() {
    List<InboundLink> links = node.links();
    List<String> up = links.stream().filter(InboundLink::isConnected).map(InboundLink::boxId).toList();
    List<String> down = links.stream().filter(l -> !l.isConnected())
        .map(l -> l.boxId() + " (" + l.client().state().name().toLowerCase(java.util.Locale.ROOT) + ")").toList();
    String detail = up.size() + " of " + links.size() + " box(es) connected"
        + (up.isEmpty() ? "" : ": " + String.join(", ", up)) + (down.isEmpty() ? "" : "; down: " + String.join(", ", down));
    return new Check("boxes", !up.isEmpty(), detail);
  }
}
