package io.callpark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code callpark status}: asks a running node ({@code GET /status}) whether it is ready, and prints its
 * checks, the cluster members it sees, its FreeSWITCH boxes and the parked calls per lot. Exit 0 when the
 * node is ready, 4 when it answered but is not. One run per instance; not thread-safe.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = {"Asks a running node whether it is ready (exit 0) or not (exit 4).",
        "Prints its readiness checks (outbound listener, cluster, boxes), the cluster members it sees, its "
            + "FreeSWITCH boxes and the parked calls of each lot (cluster-wide). --json keeps the exit codes."},
    footer = {"", ExitCode.HELP_TITLE, ExitCode.HELP_OK, ExitCode.HELP_FAILURE, ExitCode.HELP_USAGE,
        ExitCode.HELP_UNREACHABLE, ExitCode.HELP_NOT_READY, "", "Example: callpark status --config /etc/callpark/callpark.yaml || echo $?"})
public final class StatusCommand implements Callable<Integer> {
  @Mixin
  NodeAddress address;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    ManagementClient.Answer answer = address.get("/status");
    JsonNode s = answer.json();
    JsonNode checks = answer.array("checks");
    boolean ready = s.path("ready").asBoolean(false);
    PrintWriter out = spec.commandLine().getOut();
    if (address.json()) {
      out.print(answer.bodyLine());
    } else {
      print(s, checks, ready, out);
    }
    out.flush();
    return ready ? ExitCode.OK : ExitCode.NOT_READY;
  }

  private static void print(JsonNode s, JsonNode checks, boolean ready, PrintWriter out) {
    List<String> failed = new ArrayList<>();
    s.path("failed").forEach(f -> failed.add(Text.safe(f.asText())));
    out.println("node " + Text.safe(s.path("node").asText(null)) + ": "
        + (ready ? "ready" : "NOT READY (" + String.join(", ", failed) + ")"));
    TextTable table = new TextTable("CHECK", "OK", "DETAIL");
    checks.forEach(c -> table.row(c.path("name").asText(null), c.path("ok").asBoolean(false) ? "ok" : "FAIL",
        c.path("detail").asText(null)));
    table.print(out);
    List<String> members = new ArrayList<>();
    s.path("members").forEach(m -> members.add(Text.safe(m.asText())));
    out.println();
    out.println("members: " + (members.isEmpty() ? "none seen" : String.join(", ", members)));
    List<String> boxes = new ArrayList<>();
    s.path("boxes").forEach(b -> boxes.add(Text.safe(b.path("id").asText(null)) + " "
        + (b.path("connected").asBoolean(false) ? "connected" : "DOWN (" + Text.safe(b.path("state").asText(null))
            .toLowerCase(java.util.Locale.ROOT) + ")")));
    out.println("boxes:   " + (boxes.isEmpty() ? "none configured" : String.join(", ", boxes)));
    if (!s.path("parked").isNumber()) {
      out.println("parked:  unknown, the slot store could not be read: " + Text.excerpt(s.path("storeError").asText("")));
      return;
    }
    out.println("parked:  " + s.path("parked").asLong() + " call(s) cluster-wide");
    out.println();
    TextTable lots = new TextTable("LOT", "SLOTS", "SIZE", "PARKED");
    s.path("lots").forEach(l -> lots.row(l.path("name").asText(null), l.path("slots").asText(null),
        l.path("size").asText(null), l.path("parked").asText(null)));
    lots.print(out);
  }
}
