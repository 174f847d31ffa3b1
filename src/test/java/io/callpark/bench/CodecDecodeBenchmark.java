package io.callpark.bench;

import io.callpark.bench.CapturedStream.Chunking;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decode throughput and allocation of callpark's codec on the captured FreeSWITCH event stream, on one
 * thread. The headline figure, {@code codec.decode.events_per_s}, is the 1400-byte-read case.
 */
public final class CodecDecodeBenchmark implements Benchmark {
  static final double TARGET_EVENTS_PER_S = 150_000;
  private static final long SECOND = 1_000_000_000L;
  private static final int ROUNDS = 5;

  /** Where the captures were read from on the last run, for the notes. */
  private String source = "../shared/freeswitch";
  /** Frames, events and bytes of one pass on the last run, for the notes. */
  private String shape = "";

  @Override
  public String name() {
    return "codec.decode";
  }

  @Override
  public String method() {
    return "The captured event stream is the fs->client bytes of the nine `text/event-plain` captures in "
        + source + " (" + String.join(", ", CapturedStream.EVENT_PLAIN_CAPTURES) + ")" + shape
        + ". One pass feeds each capture to a fresh `EslFrameParser` "
        + "(one per connection, as in production) and runs `EslEvent.from` on every event frame, so every "
        + "event header is URL-decoded; the counts are first checked against each capture's `.frames.json`. "
        + "Reads are cut three ways: 1400-byte reads (the headline: most frames span reads), the read sizes "
        + "recorded in the transcripts, and the whole capture in one read. Single thread; 6 s of warm-up "
        + "over all three, then " + ROUNDS + " rounds of 1 s per cut, interleaved; the figure is the median "
        + "round and the detail gives the spread. Only event frames count toward events/s; frames/s and "
        + "MB/s (10^6 bytes) count everything. Bytes per event = bytes the thread allocated over 20 passes "
        + "(com.sun.management.ThreadMXBean) / event frames decoded; it includes the non-event frames and "
        + "the parser's copy of each read, not the transport's read buffers.";
  }

  @Override
  public List<Figure> run(BenchContext ctx) throws Exception {
    Path dir = ctx.fixturesDir(CapturedStream.EVENT_PLAIN_CAPTURES);
    source = ctx.projectDir().relativize(dir.toAbsolutePath()).toString();
    List<CapturedStream> streams = CapturedStream.load(dir, CapturedStream.EVENT_PLAIN_CAPTURES);
    FrameOracle.check(dir, streams, new OurStreamDecoder());

    Map<Chunking, StreamDecoder> decoders = new EnumMap<>(Chunking.class);
    for (Chunking c : Chunking.values()) {
      OurStreamDecoder d = new OurStreamDecoder();
      d.prepare(streams, c);
      decoders.put(c, d);
    }
    Tally perPass = decoders.get(Chunking.WHOLE).pass();
    shape = String.format(Locale.ROOT, ": %d frames, %d of them events, %.2f MB", perPass.frames(), perPass.events(),
        perPass.bytes() / 1e6);
    ctx.progress(name() + ": " + perPass + " per pass; warming up");
    DecodeMeasure.warmUp(ctx.scaledNanos(6 * SECOND), ctx.scaledNanos(SECOND / 5),
        decoders.values().toArray(StreamDecoder[]::new));

    Map<Chunking, List<DecodeMeasure.Window>> windows = new EnumMap<>(Chunking.class);
    long window = ctx.scaledNanos(SECOND);
    for (int round = 0; round < ROUNDS; round++) {
      for (Chunking c : Chunking.values()) {
        windows.computeIfAbsent(c, k -> new ArrayList<>()).add(DecodeMeasure.window(decoders.get(c), window));
      }
    }
    Map<Chunking, Double> alloc = new EnumMap<>(Chunking.class);
    for (Chunking c : Chunking.values()) {
      alloc.put(c, DecodeMeasure.bytesPerEvent(decoders.get(c), 20));
    }

    List<Figure> out = new ArrayList<>();
    DecodeFigures f = new DecodeFigures(windows, alloc, perPass, window);
    out.add(f.events("codec.decode.events_per_s", Chunking.MTU_1400, TARGET_EVENTS_PER_S));
    out.add(f.events("codec.decode.recorded_reads.events_per_s", Chunking.RECORDED, null));
    out.add(f.events("codec.decode.one_read.events_per_s", Chunking.WHOLE, null));
    out.add(f.frames("codec.decode.frames_per_s", Chunking.MTU_1400));
    out.add(f.megabytes("codec.decode.mb_per_s", Chunking.MTU_1400));
    out.add(Figure.lower("codec.decode.bytes_per_event", Math.rint(alloc.get(Chunking.MTU_1400)), "B/event", null,
        String.format(Locale.ROOT, "1400-byte reads; recorded reads %s, one read %s",
            Format.number(alloc.get(Chunking.RECORDED)), Format.number(alloc.get(Chunking.WHOLE)))));
    return out;
  }
}
