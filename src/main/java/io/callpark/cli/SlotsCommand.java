package io.callpark.cli;

import io.callpark.parking.SlotRange;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code callpark slots}: every slot of every lot the node has configured, free ones included, with who
 * is in the occupied ones ({@code GET /slots}; cluster-wide). Occupied slots of a lot the node does not
 * know (configured on another node only) follow at the end. One run per instance; not thread-safe.
 */
@Command(name = "slots", mixinStandardHelpOptions = true,
    description = {"Prints every slot of every lot, free ones included, with who is parked where.",
        "Columns: state (free, PARKED, RECALLING, ESCALATING, RESERVED), caller, parker, waiting time, the node "
            + "that holds the call and its FreeSWITCH box. Read from the shared slot store, so any node answers "
            + "for the whole cluster. For the parked calls alone, one line each, use park-list."},
    footer = {"", ExitCode.HELP_TITLE, ExitCode.HELP_OK, ExitCode.HELP_FAILURE, ExitCode.HELP_USAGE,
        ExitCode.HELP_UNREACHABLE})
public final class SlotsCommand implements Callable<Integer> {
  @Mixin
  NodeAddress address;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    ManagementClient.Answer answer = address.get("/slots");
    SlotsDocument doc = SlotsDocument.read(answer);
    PrintWriter out = spec.commandLine().getOut();
    if (address.json()) {
      out.print(answer.bodyLine());
      out.flush();
      return ExitCode.OK;
    }
    Map<String, SlotsDocument.Occupied> byKey = new HashMap<>();
    doc.occupied().forEach(o -> byKey.put(o.lot() + "/" + o.slot(), o));
    Set<String> shown = new HashSet<>();
    TextTable table = new TextTable("LOT", "SLOT", "STATE", "CALLER", "PARKER", "WAITING", "NODE", "BOX");
    for (SlotsDocument.LotInfo lot : doc.lots()) {
      if (lot.range().isEmpty()) {
        continue; // its occupied slots are listed below
      }
      SlotRange range = lot.range().get();
      for (String slot : range.names()) {
        SlotsDocument.Occupied o = byKey.get(lot.name() + "/" + slot);
        if (o == null) {
          table.row(lot.name(), slot, "free", "", "", "", "", "");
        } else {
          row(table, o);
          shown.add(lot.name() + "/" + slot);
        }
      }
    }
    doc.occupied().stream().filter(o -> !shown.contains(o.lot() + "/" + o.slot())).forEach(o -> row(table, o));
    table.print(out);
    long calls = doc.calls().size();
    out.println();
    out.println(calls + " parked call(s), " + (doc.occupied().size() - calls) + " reservation(s)");
    out.flush();
    return ExitCode.OK;
  }

  private static void row(TextTable table, SlotsDocument.Occupied o) {
    table.row(o.lot(), o.slot(), o.state(), o.caller(), o.parker(), Text.waiting(o.waitingSeconds()), o.node(), o.box());
  }
}
