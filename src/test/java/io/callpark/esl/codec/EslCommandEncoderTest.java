package io.callpark.esl.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callpark.esl.codec.EslCommand.Api;
import io.callpark.esl.codec.EslCommand.Auth;
import io.callpark.esl.codec.EslCommand.BgApi;
import io.callpark.esl.codec.EslCommand.SendEvent;
import io.callpark.esl.codec.EslCommand.SendMsg;
import io.callpark.esl.codec.Fixtures.Direction;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The command encoder writes what FreeSWITCH accepted in the captures, byte for byte, and refuses any
 * command whose fields would add a line to it (header injection: mod_event_socket splits commands at LF).
 */
class EslCommandEncoderTest {

  /** Every command our side wrote in the captures, rebuilt as an {@link EslCommand}, encodes to the same bytes. */
  @Test
  void everyCommandInTheCapturesIsEncodedExactlyAsItWasSent() {
    int encoded = 0;
    List<String> verbs = new ArrayList<>();
    for (String name : Fixtures.transcriptNames()) {
      for (Fixtures.Chunk chunk : Fixtures.transcript(name).chunks(Direction.CLIENT_TO_FS)) {
        for (EslRequest r : requests(chunk.bytes())) {
          EslCommand command = toCommand(r);
          if (command == null) {
            assertThat(r.line()).as("the only command the encoder has no record for").isEqualTo("foo");
            continue;
          }
          byte[] original = requestBytes(r);
          assertThat(EslCommandEncoder.encodeToString(command)).as(name + ": " + r)
              .isEqualTo(new String(original, StandardCharsets.UTF_8));
          encoded++;
          verbs.add(r.verb());
        }
      }
    }
    assertThat(encoded).isGreaterThan(200);
    assertThat(verbs).contains("auth", "connect", "api", "bgapi", "event", "myevents", "linger", "sendmsg", "sendevent",
        "filter", "nixevent", "noevents", "log", "nolog", "exit");
  }

  // ---------------------------------------------------------------------------------------------
  // Header injection

  @Test
  void callerIdNameWithANewlineCannotAddAHangupCauseHeader() {
    SendMsg set = SendMsg.execute(null, "set", "effective_caller_id_name=Bob\nhangup-cause: X", null, false, 1);
    assertThatThrownBy(() -> EslCommandEncoder.encode(set))
        .isInstanceOf(EslProtocolException.class)
        .hasMessageContaining("execute-app-arg")
        .hasMessageContaining("header injection")
        .hasMessageContaining("\"effective_caller_id_name=Bob\\nhangup-cause: X\"")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void sendEventHeaderValueWithACarriageReturnIsRefusedNamingTheHeader() {
    SendEvent presence = new SendEvent("PRESENCE_IN",
        EslHeaders.of("proto", "park", "from", "6001@127.0.0.1", "force-status", "Holding\r\nstatus: Holding"), null);
    assertThatThrownBy(() -> EslCommandEncoder.encode(presence))
        .isInstanceOf(EslProtocolException.class)
        .hasMessageContaining("header force-status")
        .hasMessageContaining("\\r\\n")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\r", "\n"));
  }

  @Test
  void authPasswordWithALineFeedIsRefusedWithoutShowingThePassword() {
    Auth auth = new Auth("Clue\nCon-secret");
    assertThatThrownBy(() -> EslCommandEncoder.encode(auth))
        .isInstanceOf(EslProtocolException.class)
        .hasMessageContaining("password")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Clue", "Con", "secret"));
    assertThat(auth.toString()).doesNotContain("Clue");
  }

  @Test
  void apiCommandThatWouldStartASecondCommandIsRefused() {
    assertThatThrownBy(() -> EslCommandEncoder.encode(new Api("status\n\napi hupall")))
        .isInstanceOf(EslProtocolException.class).hasMessageContaining("api command");
    assertThatThrownBy(() -> EslCommandEncoder.encode(new BgApi("status", "job\nx")))
        .isInstanceOf(EslProtocolException.class).hasMessageContaining("header Job-UUID");
    assertThatThrownBy(() -> EslCommandEncoder.encode(new Api("status\0")))
        .isInstanceOf(EslProtocolException.class).hasMessageContaining("\\x00");
  }

  @Test
  void headerNameThatWouldSplitTheLineIsRefused() {
    for (String name : List.of("", "a:b", "a b", "a\nb")) {
      assertThatThrownBy(() -> EslCommandEncoder.encode(new SendEvent("CUSTOM", EslHeaders.of(name, "v"), null)))
          .as("name %s", EslProtocolException.quote(name.getBytes(StandardCharsets.UTF_8), 0, name.length()))
          .isInstanceOf(EslProtocolException.class);
    }
  }

  /**
   * A caller-supplied Content-Length would make FreeSWITCH read the next command as this one's body
   * (mod_event_socket read_packet looks it up ignoring case): the encoder owns that header.
   */
  @Test
  void callerSuppliedContentLengthHeaderIsRefusedSinceItWouldSwallowTheNextCommand() {
    for (String name : List.of("Content-Length", "content-length")) {
      SendEvent e = new SendEvent("CUSTOM", EslHeaders.of("Event-Subclass", "x::y", name, "14"), null);
      assertThatThrownBy(() -> EslCommandEncoder.encode(e))
          .isInstanceOf(EslProtocolException.class).hasMessageContaining("Content-Length");
      SendMsg m = new SendMsg(null, EslHeaders.of("call-command", "execute", name, "14"), null);
      assertThatThrownBy(() -> EslCommandEncoder.encode(m))
          .isInstanceOf(EslProtocolException.class).hasMessageContaining("Content-Length");
    }
  }

  @Test
  void longAppArgumentWithBlankLinesTravelsAsABodyAndStaysOneCommand() {
    String arg = "x".repeat(SendMsg.MAX_HEADER_ARG) + "\n\napi hupall\n\n";
    byte[] bytes = EslCommandEncoder.encode(SendMsg.execute("uuid-1", "playback", arg, "ev-1", true, 1));
    byte[] next = EslCommandEncoder.encode(new Api("status"));
    List<EslRequest> parsed = requests(EslFrameWriter.concat(bytes, next));
    assertThat(parsed).extracting(EslRequest::line).containsExactly("sendmsg uuid-1", "api status");
    assertThat(parsed.get(0).bodyAsString()).isEqualTo(arg);
    assertThat(parsed.get(0).header("content-type")).isEqualTo("text/plain");
    assertThat(parsed.get(0).header("execute-app-arg")).isNull();
  }

  @Test
  void sendEventBodyWithBlankLinesStaysOneCommand() {
    byte[] bytes = EslCommandEncoder.encode(new SendEvent("CUSTOM", EslHeaders.of("Event-Subclass", "callpark::test"),
        "line\n\nexit\n\n"));
    List<EslRequest> parsed = requests(EslFrameWriter.concat(bytes, EslCommandEncoder.encode(new EslCommand.Exit())));
    assertThat(parsed).extracting(EslRequest::line).containsExactly("sendevent CUSTOM", "exit");
    assertThat(parsed.get(0).bodyAsString()).isEqualTo("line\n\nexit\n\n");
  }

  @Test
  void eventSubscriptionWritesCustomLastSoEveryWordAfterItIsASubclass() {
    // fact 5: every word after CUSTOM is a subclass name
    String line = EslCommandEncoder.encodeToString(new EslCommand.Event("plain",
        List.of("CUSTOM", "PRESENCE_IN", "PRESENCE_PROBE"), List.of("valet_parking::info")));
    assertThat(line).isEqualTo("event plain PRESENCE_IN PRESENCE_PROBE CUSTOM valet_parking::info\n\n");
    assertThatThrownBy(() -> EslCommandEncoder.encode(new EslCommand.Event("plain", List.of("A B"), List.of())))
        .isInstanceOf(EslProtocolException.class).hasMessageContaining("event name");
  }

  // ---------------------------------------------------------------------------------------------

  static List<EslRequest> requests(byte[] bytes) {
    List<EslRequest> out = new ArrayList<>();
    List<EslProtocolException> errors = new ArrayList<>();
    new EslRequestParser(out::add, errors::add).handle(Buffer.buffer(bytes));
    assertThat(errors).isEmpty();
    return out;
  }

  /** The request as it was on the wire (the parser keeps lines and values exactly). */
  static byte[] requestBytes(EslRequest r) {
    StringBuilder sb = new StringBuilder(r.line()).append('\n');
    r.headers().asPairs().forEach(p -> sb.append(p.get(0)).append(": ").append(p.get(1)).append('\n'));
    byte[] head = sb.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    return r.body() == null ? head : EslFrameWriter.concat(head, r.body());
  }

  /** The command record that should have produced {@code r}; null for a command we never send. */
  static EslCommand toCommand(EslRequest r) {
    String arg = r.argument();
    List<String> words = arg.isEmpty() ? List.of() : Arrays.asList(arg.split(" "));
    switch (r.verb()) {
      case "auth": return new Auth(arg);
      case "connect": return new EslCommand.Connect();
      case "api": return new Api(arg);
      case "bgapi": return new BgApi(arg, r.header("Job-UUID"));
      case "event": {
        int custom = words.indexOf("CUSTOM");
        List<String> names = custom < 0 ? words.subList(1, words.size()) : words.subList(1, custom + 1);
        List<String> subclasses = custom < 0 ? List.of() : words.subList(custom + 1, words.size());
        return new EslCommand.Event(words.get(0), names, subclasses);
      }
      case "myevents": return new EslCommand.MyEvents(words.size() > 0 ? words.get(0) : null, words.size() > 1 ? words.get(1) : null);
      case "linger": return new EslCommand.Linger(arg.isEmpty() ? null : Integer.valueOf(arg));
      case "nolinger": return new EslCommand.NoLinger();
      case "nixevent": return new EslCommand.NixEvent(words);
      case "noevents": return new EslCommand.NoEvents();
      case "filter": {
        boolean delete = words.get(0).equals("delete");
        List<String> rest = delete ? words.subList(1, words.size()) : words;
        return new EslCommand.Filter(rest.get(0), rest.size() > 1 ? String.join(" ", rest.subList(1, rest.size())) : null, delete);
      }
      case "log": return new EslCommand.Log(Integer.parseInt(arg));
      case "nolog": return new EslCommand.NoLog();
      case "exit": return new EslCommand.Exit();
      case "sendmsg": return new SendMsg(arg.isEmpty() ? null : arg, withoutBodyHeaders(r, "content-type"), r.bodyAsString());
      case "sendevent": return new SendEvent(arg, withoutBodyHeaders(r, null), r.bodyAsString());
      default: return null;
    }
  }

  /** The headers the caller gave: without the Content-Length (and content-type) the encoder adds for a body. */
  private static EslHeaders withoutBodyHeaders(EslRequest r, String typeHeader) {
    EslHeaders.Builder b = EslHeaders.builder();
    for (int i = 0; i < r.headers().size(); i++) {
      String n = r.headers().name(i);
      boolean addedByEncoder = r.body() != null && (n.equalsIgnoreCase("Content-Length") || n.equalsIgnoreCase(String.valueOf(typeHeader)));
      if (!addedByEncoder) {
        b.add(n, r.headers().value(i));
      }
    }
    return b.build();
  }
}
