package io.callpark.bench;

import io.callpark.bench.CapturedStream.Chunking;
import io.callpark.esl.codec.EslClientDecoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The side-by-side for docs/decisions/0001-own-esl-codec.md: esl-client 0.9.2's decoder and callpark's
 * codec on the same bytes — the captures both can decode — timed in alternating windows on one thread,
 * so a noisy neighbour hurts both alike.
 */
public final class EslClientDecodeBenchmark implements Benchmark {
  private static final long SECOND = 1_000_000_000L;
  private static final int ROUNDS = 5;

  /** Captures esl-client could not decode on the last run, with its error; filled by {@link #run}. */
  private final Map<String, String> rejected = new LinkedHashMap<>();

  @Override
  public String name() {
    return "codec.esl_client.decode";
  }

  @Override
  public String method() {
    return "Same captures and cuts as codec.decode, through esl-client 0.9.2 configured as its own pipelines "
        + "configure it (`new EslFrameDecoder(8192)` for inbound connections, `new EslFrameDecoder(8092, true)` "
        + "for outbound ones) in a Netty 3 `DecoderEmbedder`, plus `new EslEvent(message)` for every event "
        + "message — that constructor is where esl-client URL-decodes event headers, so both sides do the "
        + "same work. Only captures esl-client decodes completely (asked of the codec tests' `EslClientDecoder`, in "
        + "esl-client's mode for that connection) are used, for both decoders" + leftOut()
        + ". (esl-client accepts only the outer header names of its `EslHeaders.Name` enum — Content-Type, "
        + "Content-Length, Reply-Text, Job-UUID, Socket-Mode, Control — and its inbound pipeline throws on any "
        + "other, such as the `Log-Level` of a `log/data` frame; the outbound pipeline files them as body lines.) "
        + "The captures kept are decoded by both with the frame and event counts of their `.frames.json`. "
        + "6 s of warm-up alternating all six decoder/cut pairs, then " + ROUNDS
        + " rounds per cut in which each decoder gets a 0.7 s window in turn (who goes first alternates); "
        + "medians reported. `codec.esl_client.ours.*` is callpark's "
        + "codec on these same bytes and `codec.esl_client.speedup` the median of the per-round ratios "
        + "(ours / esl-client, 1400-byte reads). Informational: no targets.";
  }

  private String leftOut() {
    if (rejected.isEmpty()) {
      return " (on the last run it decoded all nine)";
    }
    StringBuilder sb = new StringBuilder(": left out on the last run: ");
    rejected.forEach((capture, error) -> sb.append(capture).append(" (`").append(error).append("`) "));
    return sb.toString().trim();
  }

  @Override
  public List<Figure> run(BenchContext ctx) throws Exception {
    quietEslClientLogging();
    Path dir = ctx.fixturesDir(CapturedStream.EVENT_PLAIN_CAPTURES);
    List<CapturedStream> all = CapturedStream.load(dir, CapturedStream.EVENT_PLAIN_CAPTURES);
    List<CapturedStream> common = new ArrayList<>();
    rejected.clear();
    for (CapturedStream s : all) {
      String error = eslClientError(s);
      if (error == null) {
        common.add(s);
      } else {
        rejected.put(s.name(), error);
        ctx.progress(name() + ": esl-client cannot decode " + s.name() + " (" + error + "); left out for both decoders");
      }
    }
    FrameOracle.check(dir, common, new EslClientStreamDecoder());
    FrameOracle.check(dir, common, new OurStreamDecoder());

    Map<Chunking, StreamDecoder> theirs = new EnumMap<>(Chunking.class);
    Map<Chunking, StreamDecoder> ours = new EnumMap<>(Chunking.class);
    for (Chunking c : Chunking.values()) {
      StreamDecoder t = new EslClientStreamDecoder();
      t.prepare(common, c);
      theirs.put(c, t);
      StreamDecoder o = new OurStreamDecoder();
      o.prepare(common, c);
      ours.put(c, o);
    }
    Tally perPass = ours.get(Chunking.WHOLE).pass();
    ctx.progress(name() + ": " + common.size() + " captures, " + perPass + " per pass; warming up");
    List<StreamDecoder> warm = new ArrayList<>(theirs.values());
    warm.addAll(ours.values());
    DecodeMeasure.warmUp(ctx.scaledNanos(6 * SECOND), ctx.scaledNanos(SECOND / 5), warm.toArray(StreamDecoder[]::new));

    Map<Chunking, List<DecodeMeasure.Window>> theirWindows = new EnumMap<>(Chunking.class);
    Map<Chunking, List<DecodeMeasure.Window>> ourWindows = new EnumMap<>(Chunking.class);
    long window = ctx.scaledNanos(7 * SECOND / 10);
    for (int round = 0; round < ROUNDS; round++) {
      for (Chunking c : Chunking.values()) {
        // Alternate who goes first so neither always runs right after the other's garbage.
        boolean theirsFirst = round % 2 == 0;
        for (int k = 0; k < 2; k++) {
          boolean theirTurn = (k == 0) == theirsFirst;
          StreamDecoder d = theirTurn ? theirs.get(c) : ours.get(c);
          (theirTurn ? theirWindows : ourWindows).computeIfAbsent(c, x -> new ArrayList<>()).add(DecodeMeasure.window(d, window));
        }
      }
    }
    Map<Chunking, Double> theirAlloc = new EnumMap<>(Chunking.class);
    Map<Chunking, Double> ourAlloc = new EnumMap<>(Chunking.class);
    for (Chunking c : Chunking.values()) {
      theirAlloc.put(c, DecodeMeasure.bytesPerEvent(theirs.get(c), 20));
      ourAlloc.put(c, DecodeMeasure.bytesPerEvent(ours.get(c), 20));
    }

    DecodeFigures t = new DecodeFigures(theirWindows, theirAlloc, perPass, window);
    DecodeFigures o = new DecodeFigures(ourWindows, ourAlloc, perPass, window);
    List<Figure> out = new ArrayList<>();
    out.add(t.events("codec.esl_client.decode.events_per_s", Chunking.MTU_1400, null));
    out.add(t.events("codec.esl_client.decode.recorded_reads.events_per_s", Chunking.RECORDED, null));
    out.add(t.events("codec.esl_client.decode.one_read.events_per_s", Chunking.WHOLE, null));
    out.add(t.megabytes("codec.esl_client.decode.mb_per_s", Chunking.MTU_1400));
    out.add(Figure.lower("codec.esl_client.decode.bytes_per_event", Math.rint(t.bytesPerEvent(Chunking.MTU_1400)), "B/event", null,
        allocDetail(t)));
    out.add(o.events("codec.esl_client.ours.events_per_s", Chunking.MTU_1400, null));
    out.add(o.events("codec.esl_client.ours.recorded_reads.events_per_s", Chunking.RECORDED, null));
    out.add(o.events("codec.esl_client.ours.one_read.events_per_s", Chunking.WHOLE, null));
    out.add(Figure.lower("codec.esl_client.ours.bytes_per_event", Math.rint(o.bytesPerEvent(Chunking.MTU_1400)), "B/event", null,
        allocDetail(o)));
    out.add(speedup(t, o));
    return out;
  }

  private static String allocDetail(DecodeFigures f) {
    return String.format(Locale.ROOT, "1400-byte reads; recorded reads %s, one read %s",
        Format.number(f.bytesPerEvent(Chunking.RECORDED)), Format.number(f.bytesPerEvent(Chunking.WHOLE)));
  }

  /** Median of per-round ratios ours/theirs at 1400-byte reads; the other cuts in the detail. */
  private static Figure speedup(DecodeFigures theirs, DecodeFigures ours) {
    Map<Chunking, Double> ratio = new EnumMap<>(Chunking.class);
    for (Chunking c : Chunking.values()) {
      double[] t = theirs.samples(c, DecodeMeasure.Window::eventsPerS);
      double[] o = ours.samples(c, DecodeMeasure.Window::eventsPerS);
      double[] r = new double[t.length];
      for (int i = 0; i < r.length; i++) {
        r[i] = o[i] / t[i];
      }
      ratio.put(c, Stats.median(r));
    }
    return Figure.higher("codec.esl_client.speedup", Format.round(ratio.get(Chunking.MTU_1400)), "x", null,
        String.format(Locale.ROOT, "callpark / esl-client events/s on the same bytes, 1400-byte reads; recorded reads %.2fx, one read %.2fx",
            ratio.get(Chunking.RECORDED), ratio.get(Chunking.WHOLE)));
  }

  /**
   * Whether esl-client decodes the whole capture, asked of the codec tests' {@link EslClientDecoder} (the
   * differential oracle) in the mode esl-client would use for that connection, in 1400-byte reads and in
   * one read: {@code null} if it does, else its error.
   */
  private static String eslClientError(CapturedStream s) {
    EslClientDecoder.Mode mode = s.outbound() ? EslClientDecoder.Mode.OUTBOUND : EslClientDecoder.Mode.INBOUND;
    for (int chunk : new int[] {1400, s.bytes().length}) {
      EslClientDecoder.Result r = EslClientDecoder.decode(s.bytes(), mode, chunk);
      if (r.failed()) {
        String msg = String.valueOf(r.failure().getMessage());
        return r.failure().getClass().getSimpleName() + ": " + (msg.length() > 160 ? msg.substring(0, 160) + "..." : msg)
            + " after " + r.messages().size() + " frames";
      }
    }
    return null;
  }

  /** esl-client logs every header line at debug; a benchmark with that enabled would time the logger. */
  private static void quietEslClientLogging() {
    if (LoggerFactory.getLogger("org.freeswitch.esl") instanceof ch.qos.logback.classic.Logger l) {
      l.setLevel(ch.qos.logback.classic.Level.WARN);
    }
  }
}
