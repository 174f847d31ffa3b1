package io.callpark.sim;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code show channels}, {@code show channels as json}, {@code show channels count} (and the same for
 * {@code calls}) with the exact shapes of the captures (fact 41): the empty JSON is {@code {"row_count": 0}\n}
 * (with the space), a non-empty one has no space and no trailing newline; count is {@code \n<n> total.\n};
 * the plain form is the CSV header, the rows, a blank line and {@code <n> total.} (crossbox_retrieve_A).
 *
 * <p>Stateless registrations; the command runs on the box's context.
 */
final class ShowChannels {
  static final String[] COLUMNS = {"uuid", "direction", "created", "created_epoch", "name", "state", "cid_name",
      "cid_num", "ip_addr", "dest", "application", "application_data", "dialplan", "context", "read_codec",
      "read_rate", "read_bit_rate", "write_codec", "write_rate", "write_bit_rate", "secure", "hostname",
      "presence_id", "presence_data", "accountcode", "callstate", "callee_name", "callee_num", "callee_direction",
      "call_uuid", "sent_callee_name", "sent_callee_num", "initial_cid_name", "initial_cid_num", "initial_ip_addr",
      "initial_dest", "initial_dialplan", "initial_context"};

  private static final JsonFactory JSON = new JsonFactory();

  private ShowChannels() {}

  static void register(ApiCommands api, SimBox box) {
    api.register("show", (args, caller) -> ApiCommands.Result.of(show(box, args.trim())));
  }

  private static String show(SimBox box, String args) {
    String[] w = ChannelApi.words(args);
    if (w.length == 0 || !(w[0].equals("channels") || w[0].equals("calls"))) {
      return "-USAGE: codec|endpoint|application|api|dialplan|file|timer|calls [count]|channels [count|like <match string>]\n";
    }
    List<String[]> rows = new ArrayList<>();
    for (FakeChannel ch : box.liveChannels()) {
      rows.add(row(box, ch));
    }
    if (w.length > 1 && w[1].equals("count")) {
      return "\n" + rows.size() + " total.\n";
    }
    boolean json = w.length > 2 && w[1].equals("as") && w[2].equals("json");
    if (json) {
      return rows.isEmpty() ? "{\"row_count\": 0}\n" : json(rows);
    }
    if (rows.isEmpty()) {
      return "\n0 total.\n";
    }
    StringBuilder sb = new StringBuilder(String.join(",", COLUMNS)).append('\n');
    for (String[] r : rows) {
      sb.append(String.join(",", r)).append('\n');
    }
    return sb.append('\n').append(rows.size()).append(" total.\n").toString();
  }

  private static String json(List<String[]> rows) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("row_count", rows.size());
      g.writeArrayFieldStart("rows");
      for (String[] r : rows) {
        g.writeStartObject();
        for (int i = 0; i < COLUMNS.length; i++) {
          g.writeStringField(COLUMNS[i], r[i]);
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static String[] row(SimBox box, FakeChannel ch) {
    CallerProfile p = ch.profile;
    AppCall top = ch.topApp();
    String app = top != null ? top.app : ch.lastApp == null ? "" : ch.lastApp;
    String data = top != null ? top.data : ch.lastArg == null ? "" : ch.lastArg;
    String rate = "8000";
    String bits = Integer.toString(ch.codecBitRate);
    FakeChannel peer = ch.bridgedTo;
    return new String[] {ch.uuid, ch.direction, box.clock().local(ch.createdMicros),
        Long.toString(ch.createdMicros / 1_000_000), ch.name, ch.state.name(), p.callerIdName, p.callerIdNumber,
        p.networkAddr == null ? "" : p.networkAddr, p.destination, app, data, p.dialplan, p.context, ch.codec, rate,
        bits, ch.codec, rate, bits, "", box.config().hostname, ch.presenceId == null ? "" : ch.presenceId, "", "",
        ch.callState, peer != null ? peer.profile.callerIdName : p.calleeIdName == null ? "" : p.calleeIdName,
        peer != null ? peer.profile.callerIdNumber : p.calleeIdNumber == null ? "" : p.calleeIdNumber,
        peer == null ? "" : "outbound".equals(ch.direction) ? "RECV" : "SEND", ch.uuid, "", "",
        p.origCallerIdName, p.origCallerIdNumber, p.networkAddr == null ? "" : p.networkAddr, p.destination,
        p.dialplan, p.context};
  }
}
