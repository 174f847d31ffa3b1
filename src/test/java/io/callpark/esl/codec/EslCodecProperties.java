package io.callpark.esl.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callpark.esl.codec.EslCommand.Api;
import io.callpark.esl.codec.EslCommand.Auth;
import io.callpark.esl.codec.EslCommand.BgApi;
import io.callpark.esl.codec.EslCommand.SendEvent;
import io.callpark.esl.codec.EslCommand.SendMsg;
import io.callpark.esl.codec.EslFrameParser.Limits;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Properties of the codec, checked on generated input (jqwik). Tries are jqwik's default (1000) so the
 * suite stays fast; raise them for a long run with {@code mvn test -Djqwik.tries.default=100000} (a JUnit
 * platform configuration parameter, read from system properties too).
 */
class EslCodecProperties {
  private static final Limits SMALL = new Limits(256, 4096);

  // ---------------------------------------------------------------------------------------------
  // The parser never throws, and chunking never changes what it says

  @Property
  void randomBytesInRandomChunksNeverThrowOutOfHandle(@ForAll("noise") byte[] input,
      @ForAll @Size(max = 12) List<@IntRange(min = 1, max = 300) Integer> chunks) {
    for (Limits limits : List.of(Limits.DEFAULT, SMALL)) {
      FrameCollector c = new FrameCollector(limits);
      assertThatCode(() -> feedInChunks(input, chunks, (b, off, len) -> c.parser.feed(b, off, len))).doesNotThrowAnyException();
      assertThat(c.errors.size()).isLessThanOrEqualTo(1);
      assertThat(c.parser.failed()).isEqualTo(!c.errors.isEmpty());

      List<EslRequest> requests = new ArrayList<>();
      List<EslProtocolException> errors = new ArrayList<>();
      EslRequestParser server = new EslRequestParser(limits, requests::add, errors::add);
      assertThatCode(() -> feedInChunks(input, chunks, (b, off, len) -> server.handle(Buffer.buffer().appendBytes(b, off, len))))
          .doesNotThrowAnyException();
      assertThat(errors.size()).isLessThanOrEqualTo(1);
    }
  }

  @Property
  void anyInputGivesTheSameFramesAndTheSameErrorWhateverTheChunking(@ForAll("noise") byte[] input,
      @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 1, max = 300) Integer> chunks) {
    FrameCollector whole = new FrameCollector(SMALL);
    whole.parser.feed(input, 0, input.length);
    FrameCollector chunked = new FrameCollector(SMALL);
    feedInChunks(input, chunks, (b, off, len) -> chunked.parser.feed(b, off, len));
    FrameCollector bytewise = new FrameCollector(SMALL);
    feedInChunks(input, List.of(1), (b, off, len) -> bytewise.parser.feed(b, off, len));
    for (FrameCollector c : List.of(chunked, bytewise)) {
      assertThat(c.frames).isEqualTo(whole.frames);
      assertThat(c.errors).extracting(Throwable::getMessage)
          .isEqualTo(whole.errors.stream().map(Throwable::getMessage).toList());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Writer -> parser

  @Property
  void framesWrittenByTheWriterParseBackToWhatWasWritten(@ForAll("frames") List<Written> frames,
      @ForAll @Size(max = 12) List<@IntRange(min = 1, max = 500) Integer> chunks) {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    frames.forEach(f -> stream.writeBytes(f.bytes()));
    byte[] bytes = stream.toByteArray();
    FrameCollector c = new FrameCollector();
    feedInChunks(bytes, chunks, (b, off, len) -> c.parser.feed(b, off, len));

    assertThat(c.errors).isEmpty();
    assertThat(c.frames).hasSameSizeAs(frames);
    for (int i = 0; i < frames.size(); i++) {
      frames.get(i).check(c.frames.get(i));
    }
  }

  /** A frame the writer made, and how to check what the parser made of it. */
  record Written(String what, byte[] bytes, java.util.function.Consumer<EslFrame> check) {
    void check(EslFrame frame) {
      check.accept(frame);
    }

    @Override
    public String toString() {
      return what;
    }
  }

  @Provide
  Arbitrary<List<Written>> frames() {
    Arbitrary<Written> event = Combinators.combine(eventHeaders(), anyText().injectNull(0.5)).as((headers, body) -> {
      EslHeaders.Builder expected = EslHeaders.builder().addAll(headers);
      if (body != null) {
        expected.add("Content-Length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
      }
      EslHeaders decoded = expected.build();
      return new Written("event " + headers.size() + " headers, body " + (body == null ? "none" : body.length()),
          EslFrameWriter.eventPlain(headers, body), f -> {
            assertThat(f.kind()).isEqualTo(FrameKind.EVENT_PLAIN);
            EslEvent e = EslEvent.from(f);
            assertThat(e.headers().asPairs()).isEqualTo(decoded.asPairs());
            assertThat(e.body()).isEqualTo(body);
          });
    });
    Arbitrary<Written> connect = eventHeaders().map(data -> new Written("connect reply", EslFrameWriter.connectReply(data), f -> {
      assertThat(f.kind()).isEqualTo(FrameKind.COMMAND_REPLY);
      assertThat(f.replyText()).isEqualTo("+OK\n");
      EslHeaders all = EslHeaders.builder().addAll(data).add("Content-Type", "command/reply").add("Reply-Text", "+OK\n")
          .add("Socket-Mode", "async").add("Control", "full").build();
      assertThat(EslEvent.fromChannelData(f).headers().asPairs()).isEqualTo(all.asPairs());
    }));
    Arbitrary<Written> api = anyText().map(body -> new Written("api/response", EslFrameWriter.apiResponse(body), f -> {
      assertThat(f.kind()).isEqualTo(FrameKind.API_RESPONSE);
      assertThat(f.bodyAsString()).isEqualTo(body);
    }));
    Arbitrary<Written> reply = Combinators.combine(lineText(), replyExtras()).as((text, extras) ->
        new Written("command/reply " + text, EslFrameWriter.commandReply(text, extras), f -> {
          assertThat(f.kind()).isEqualTo(FrameKind.COMMAND_REPLY);
          assertThat(f.headers().value(1)).isEqualTo(text);
          assertThat(f.headers().size()).isEqualTo(2 + extras.length / 2);
          for (int i = 0; i < extras.length; i += 2) {
            assertThat(f.headers().name(2 + i / 2)).isEqualTo(extras[i]);
            assertThat(f.headers().value(2 + i / 2)).isEqualTo(extras[i + 1]);
          }
        }));
    Arbitrary<Written> fixed = Arbitraries.of(
        new Written("auth/request", EslFrameWriter.authRequest(), f -> assertThat(f.kind()).isEqualTo(FrameKind.AUTH_REQUEST)),
        new Written("goodbye", EslFrameWriter.goodbyeNotice(), f -> assertThat(f.bodyAsString()).isEqualTo(EslFrameWriter.GOODBYE)),
        new Written("linger", EslFrameWriter.lingerNotice("u-1", "loopback/1-b"), f -> assertThat(f.headers().get("Linger-Time")).isEqualTo("-1")));
    return Arbitraries.frequencyOf(
        weighted(5, event), weighted(1, connect), weighted(2, api), weighted(2, reply),
        weighted(1, fixed)).list().ofMaxSize(8);
  }

  // ---------------------------------------------------------------------------------------------
  // Encoder -> request parser

  @Property
  void commandsEncodedByTheEncoderParseBackToTheSameLineHeadersAndBody(@ForAll("commands") List<EslCommand> commands,
      @ForAll @Size(max = 12) List<@IntRange(min = 1, max = 300) Integer> chunks) {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    commands.forEach(c -> stream.writeBytes(EslCommandEncoder.encode(c)));
    List<EslRequest> requests = new ArrayList<>();
    List<EslProtocolException> errors = new ArrayList<>();
    EslRequestParser parser = new EslRequestParser(requests::add, errors::add);
    feedInChunks(stream.toByteArray(), chunks, (b, off, len) -> parser.handle(Buffer.buffer().appendBytes(b, off, len)));

    assertThat(errors).isEmpty();
    assertThat(requests).hasSameSizeAs(commands);
    for (int i = 0; i < commands.size(); i++) {
      Expected e = expected(commands.get(i));
      EslRequest r = requests.get(i);
      assertThat(r.line()).isEqualTo(e.line());
      assertThat(r.headers().asPairs()).isEqualTo(e.headers().asPairs());
      assertThat(r.bodyAsString()).isEqualTo(e.body());
    }
  }

  record Expected(String line, EslHeaders headers, String body) {}

  /** What FreeSWITCH should read for {@code c}, worked out from the record, not from the encoder. */
  private static Expected expected(EslCommand c) {
    if (c instanceof Api a) {
      return new Expected("api " + a.command(), EslHeaders.empty(), null);
    } else if (c instanceof BgApi b) {
      return new Expected("bgapi " + b.command(), b.jobUuid() == null ? EslHeaders.empty() : EslHeaders.of("Job-UUID", b.jobUuid()), null);
    } else if (c instanceof Auth a) {
      return new Expected("auth " + a.password(), EslHeaders.empty(), null);
    } else if (c instanceof SendMsg m) {
      return withBody(m.uuid() == null ? "sendmsg" : "sendmsg " + m.uuid(), m.headers(), m.body(), true);
    } else if (c instanceof SendEvent e) {
      return withBody("sendevent " + e.name(), e.headers(), e.body(), false);
    } else if (c instanceof EslCommand.Filter f) {
      return new Expected((f.delete() ? "filter delete " : "filter ") + f.header() + (f.value() == null ? "" : " " + f.value()),
          EslHeaders.empty(), null);
    } else if (c instanceof EslCommand.Event e) {
      String line = "event " + e.format() + (e.names().isEmpty() ? "" : " " + String.join(" ", e.names()))
          + (e.customSubclasses().isEmpty() ? "" : " CUSTOM " + String.join(" ", e.customSubclasses()));
      return new Expected(line, EslHeaders.empty(), null);
    } else if (c instanceof EslCommand.Log l) {
      return new Expected("log " + l.level(), EslHeaders.empty(), null);
    } else if (c instanceof EslCommand.Exit) {
      return new Expected("exit", EslHeaders.empty(), null);
    }
    throw new IllegalArgumentException("no expectation for " + c);
  }

  private static Expected withBody(String line, EslHeaders headers, String body, boolean plainType) {
    EslHeaders.Builder h = EslHeaders.builder().addAll(headers);
    if (body != null) {
      if (plainType && !headers.contains("content-type")) {
        h.add("content-type", "text/plain");
      }
      h.add("Content-Length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
    }
    // A zero-length body is no body on the wire (read_packet reads Content-Length bytes only when > 0).
    return new Expected(line, h.build(), body == null || body.isEmpty() ? null : body);
  }

  @Provide
  Arbitrary<List<EslCommand>> commands() {
    Arbitrary<String> word = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withChars("_:-.0123456789")
        .ofMinLength(1).ofMaxLength(16);
    Arbitrary<EslCommand> api = safeText().map(Api::new);
    Arbitrary<EslCommand> bgapi = Combinators.combine(safeText(), word.injectNull(0.3)).as(BgApi::new);
    Arbitrary<EslCommand> auth = safeText().map(Auth::new);
    Arbitrary<EslCommand> execute = Combinators.combine(word.injectNull(0.5), word,
        Arbitraries.oneOf(safeText(), safeText().map(s -> "x".repeat(SendMsg.MAX_HEADER_ARG) + s), anyText()
            .map(s -> "y".repeat(SendMsg.MAX_HEADER_ARG + 1) + s)).injectNull(0.2),
        word.injectNull(0.5), Arbitraries.of(true, false), Arbitraries.integers().between(1, 3))
        .as(SendMsg::execute);
    Arbitrary<EslCommand> sendmsg = Combinators.combine(word.injectNull(0.5), commandHeaders(), anyText().injectNull(0.5))
        .as(SendMsg::new);
    Arbitrary<EslCommand> sendevent = Combinators.combine(word, commandHeaders(), anyText().injectNull(0.5)).as(SendEvent::new);
    Arbitrary<EslCommand> filter = Combinators.combine(word, safeText().injectNull(0.2), Arbitraries.of(true, false))
        .as(EslCommand.Filter::new);
    Arbitrary<EslCommand> event = Combinators.combine(Arbitraries.of("plain", "json", "xml"), word.list().ofMaxSize(4)
        .map(l -> l.stream().filter(w -> !w.equals("CUSTOM")).toList()), word.list().ofMaxSize(3))
        .as(EslCommand.Event::new);
    Arbitrary<EslCommand> simple = Arbitraries.of(new EslCommand.Exit(), new EslCommand.Log(7));
    return Arbitraries.oneOf(api, bgapi, auth, execute, sendmsg, sendevent, filter, event, simple).list().ofMaxSize(6);
  }

  // ---------------------------------------------------------------------------------------------
  // Injection

  /** Each place a caller's text reaches a command, and the field name the refusal must give. */
  enum Field {
    HEADER_VALUE("header X-Callpark"), API_COMMAND("api command"), BGAPI_COMMAND("bgapi command"),
    APP_ARG("header execute-app-arg"), CALLER_ID_NAME("header execute-app-arg"), SENDEVENT_HEADER("header from"),
    EVENT_UUID("header Event-UUID"), JOB_UUID("header Job-UUID"), SENDMSG_UUID("sendmsg uuid"),
    FILTER_VALUE("filter value"), HEADER_NAME("header name"), PASSWORD("password");

    final String label;

    Field(String label) {
      this.label = label;
    }

    EslCommand with(String s) {
      switch (this) {
        case HEADER_VALUE: return new SendMsg(null, EslHeaders.of("call-command", "execute", "X-Callpark", s), null);
        case API_COMMAND: return new Api(s);
        case BGAPI_COMMAND: return new BgApi(s, "job-1");
        case APP_ARG: return SendMsg.execute(null, "playback", s, "ev-1", false, 1);
        case CALLER_ID_NAME: return SendMsg.execute("uuid-1", "set", "effective_caller_id_name=" + s, null, false, 1);
        case SENDEVENT_HEADER: return new SendEvent("PRESENCE_IN", EslHeaders.of("proto", "park", "from", s), null);
        case EVENT_UUID: return SendMsg.execute(null, "answer", null, s, false, 1);
        case JOB_UUID: return new BgApi("status", s);
        case SENDMSG_UUID: return SendMsg.hangup(s, "NORMAL_CLEARING");
        case FILTER_VALUE: return new EslCommand.Filter("Unique-ID", s, false);
        case HEADER_NAME: return new SendEvent("CUSTOM", EslHeaders.of("X" + s.replace(":", "").replace(" ", ""), "v"), null);
        case PASSWORD: return new Auth(s);
        default: throw new AssertionError(this);
      }
    }
  }

  @Property
  void crLfOrNulAnywhereInAFieldIsRefusedNamingTheField(@ForAll Field field, @ForAll("safeShortText") String text,
      @ForAll @IntRange(max = 1000) int at, @ForAll("breakers") String breaker) {
    int pos = Math.min(at, text.length());
    String s = text.substring(0, pos) + breaker + text.substring(pos);
    EslCommand command = field.with(s);
    assertThatThrownBy(() -> EslCommandEncoder.encode(command))
        .isInstanceOf(EslProtocolException.class)
        .hasMessageContaining(field.label)
        .satisfies(e -> {
          assertThat(e.getMessage()).doesNotContain("\r", "\n", "\0");
          if (field == Field.PASSWORD) {
            assertThat(e.getMessage()).isEqualTo("refusing to write password: it holds CR, LF or NUL (value not shown)");
          }
        });
  }

  @Provide
  Arbitrary<String> breakers() {
    return Arbitraries.of("\n", "\r", "\0", "\r\n", "\n\n");
  }

  @Provide
  Arbitrary<String> safeShortText() {
    return safeText().ofMaxLength(200);
  }

  // ---------------------------------------------------------------------------------------------
  // Generators

  /** Bytes that are sometimes frames, sometimes nearly frames, sometimes noise. */
  @Provide
  Arbitrary<byte[]> noise() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
    Arbitrary<byte[]> valid = Arbitraries.of(
        EslFrameWriter.authRequest(), EslFrameWriter.commandReply("+OK accepted"), EslFrameWriter.apiResponse("+OK\n"),
        EslFrameWriter.goodbyeNotice(), EslFrameWriter.eventPlain(EslHeaders.of("Event-Name", "HEARTBEAT"), null),
        EslFrameWriter.eventPlain(EslHeaders.of("Event-Name", "BACKGROUND_JOB"), "+OK done\n"));
    Arbitrary<byte[]> pieces = Arbitraries.of("\n", "\n\n", ":", ": ", "Content-Length: ", "Content-Length: 5\n\n",
        "Content-Length: -1\n", "Content-Length: 99999999999\n", "Content-Type: api/response\n", "x".repeat(300), "\r\n")
        .map(s -> s.getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> truncated = valid.flatMap(v -> Arbitraries.integers().between(0, v.length)
        .map(n -> java.util.Arrays.copyOf(v, n)));
    return Arbitraries.frequencyOf(
            weighted(3, valid), weighted(3, pieces), weighted(2, random), weighted(1, truncated))
        .list().ofMaxSize(12)
        .map(parts -> {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          parts.forEach(out::writeBytes);
          return out.toByteArray();
        });
  }

  /** Event or channel-data headers: names a header line can hold, any value (the writer URL-encodes it). */
  private static Arbitrary<EslHeaders> eventHeaders() {
    Arbitrary<String> name = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withChars("-_.0123456789")
        .ofMinLength(1).ofMaxLength(24).filter(n -> !n.equalsIgnoreCase("Content-Length") && !n.equalsIgnoreCase("Content-Type"));
    return Combinators.combine(name, anyText()).as(List::of).list().ofMaxSize(10).map(pairs -> {
      EslHeaders.Builder b = EslHeaders.builder();
      pairs.forEach(p -> b.add(p.get(0), p.get(1)));
      return b.build();
    });
  }

  /** Headers a caller may give sendmsg/sendevent: no CR/LF/NUL, names without ':' or ' '. */
  private static Arbitrary<EslHeaders> commandHeaders() {
    Arbitrary<String> name = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withChars("-_.")
        .ofMinLength(1).ofMaxLength(20).filter(n -> !n.equalsIgnoreCase("Content-Length"));
    return Combinators.combine(name, safeText()).as(List::of).list().ofMaxSize(6).map(pairs -> {
      EslHeaders.Builder b = EslHeaders.builder();
      pairs.forEach(p -> b.add(p.get(0), p.get(1)));
      return b.build();
    });
  }

  private static String[] extrasArray(List<List<String>> pairs) {
    String[] out = new String[pairs.size() * 2];
    for (int i = 0; i < pairs.size(); i++) {
      out[2 * i] = pairs.get(i).get(0);
      out[2 * i + 1] = pairs.get(i).get(1);
    }
    return out;
  }

  private static Arbitrary<String[]> replyExtras() {
    Arbitrary<String> name = Arbitraries.strings().withCharRange('A', 'Z').withChars("-").ofMinLength(1).ofMaxLength(12)
        .filter(n -> !n.equalsIgnoreCase("Content-Length") && !n.equalsIgnoreCase("Content-Type"));
    return Combinators.combine(name, lineText()).as(List::of).list().ofMaxSize(3).map(EslCodecProperties::extrasArray);
  }

  /** Any text, control characters, non-ASCII and astral characters included (no lone surrogates). */
  private static Arbitrary<String> anyText() {
    Arbitrary<String> plain = Arbitraries.strings().withCharRange('\u0000', '\u007f').withCharRange('\u00a0', '\u024f')
        .withCharRange('\u4e00', '\u4e20').ofMaxLength(60);
    return Arbitraries.oneOf(plain, plain, Arbitraries.of("\uD83D\uDE00", "%41", "%", "\r\n", "\n\n", "+", " "))
        .list().ofMaxSize(4).map(l -> String.join("", l));
  }

  /** Text a command line or header value may hold: no CR, LF or NUL. */
  private static net.jqwik.api.arbitraries.StringArbitrary safeText() {
    return Arbitraries.strings().withCharRange('\u0001', '\u0009').withCharRange('\u000b', '\u000c')
        .withCharRange('\u000e', '\u007f').withCharRange('\u00a0', '\u024f').ofMaxLength(60);
  }

  /** A reply text as FreeSWITCH writes it: printable, no LF or CR, not starting with a space. */
  private static Arbitrary<String> lineText() {
    return Arbitraries.strings().withCharRange(' ', '~').withCharRange('\u00a0', '\u00ff').ofMaxLength(40);
  }

  interface Feed {
    void feed(byte[] b, int off, int len);
  }

  /** Feeds {@code bytes} in chunks of the given sizes, cycling through them; one chunk if there are none. */
  static void feedInChunks(byte[] bytes, List<Integer> sizes, Feed feed) {
    if (sizes.isEmpty()) {
      feed.feed(bytes, 0, bytes.length);
      return;
    }
    int pos = 0;
    for (int i = 0; pos < bytes.length; i++) {
      int n = Math.min(sizes.get(i % sizes.size()), bytes.length - pos);
      feed.feed(bytes, pos, n);
      pos += n;
    }
  }

  /** A weighted choice for {@link Arbitraries#frequencyOf}. */
  private static <T> Tuple2<Integer, Arbitrary<? extends T>> weighted(int weight, Arbitrary<? extends T> arbitrary) {
    return Tuple.of(weight, arbitrary);
  }
}
