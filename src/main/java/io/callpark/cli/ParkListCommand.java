package io.callpark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code callpark park-list}: the parked calls cluster-wide ({@code GET /slots} without reservations), one
 * tab-separated line each for scripts: lot, slot, caller, parker, waiting seconds, node, state. Control
 * characters in values (a caller ID name comes from SIP) become spaces, so a line is always one record of
 * seven fields. One run per instance; not thread-safe.
 */
@Command(name = "park-list", mixinStandardHelpOptions = true,
    description = {"Prints the parked calls, one tab-separated line each, for scripts.",
        "Fields: lot, slot, caller "
        + "(\"name <number>\"), parker, waiting time in whole seconds, the node holding the call, state "
        + "(PARKED, RECALLING, ESCALATING). Missing values are '-'. Reserved slots are not calls and are left out. "
        + "--json prints the same calls as a JSON array of the node's slot objects."},
    footer = {"", ExitCode.HELP_TITLE, ExitCode.HELP_OK, ExitCode.HELP_FAILURE, ExitCode.HELP_USAGE,
        ExitCode.HELP_UNREACHABLE, "", "Example: callpark park-list --no-header | awk -F'\\t' '$5 > 120 {print $1\"/\"$2}'"})
public final class ParkListCommand implements Callable<Integer> {
  static final String HEADER = String.join("\t", "lot", "slot", "caller", "parker", "waiting_s", "node", "state");

  @Mixin
  NodeAddress address;

  @Option(names = "--no-header", description = "leave out the header line")
  boolean noHeader;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ManagementClient.Answer answer = address.get("/slots");
    SlotsDocument doc = SlotsDocument.read(answer);
    PrintWriter out = spec.commandLine().getOut();
    if (address.json()) {
      ObjectMapper mapper = new ObjectMapper();
      ArrayNode calls = mapper.createArrayNode();
      for (JsonNode s : answer.array("slots")) {
        if (!"RESERVED".equals(s.path("state").asText())) {
          calls.add(s);
        }
      }
      out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(calls));
      out.flush();
      return ExitCode.OK;
    }
    if (!noHeader) {
      out.println(HEADER);
    }
    for (SlotsDocument.Occupied c : doc.calls()) {
      out.println(String.join("\t", Text.safe(c.lot()), Text.safe(c.slot()), Text.safe(c.caller()),
          Text.safe(c.parker()), Long.toString(c.waitingSeconds()), Text.safe(c.node()), Text.safe(c.state())));
    }
    out.flush();
    return ExitCode.OK;
  }
}
