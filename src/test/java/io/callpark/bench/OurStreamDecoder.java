package io.callpark.bench;

import io.callpark.bench.CapturedStream.Chunking;
import io.callpark.esl.codec.EslEvent;
import io.callpark.esl.codec.EslFrame;
import io.callpark.esl.codec.EslFrameParser;
import io.callpark.esl.codec.EslHeaders;
import io.callpark.esl.codec.FrameKind;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * callpark's codec as the connections use it: {@link EslFrameParser} fed the reads, {@link EslEvent#from}
 * on every event frame. The reads are Vert.x {@link Buffer}s made before the pass, as the transport hands
 * them over (the parser copies what it keeps, so they are reused across passes). Not thread-safe.
 */
final class OurStreamDecoder implements StreamDecoder {
  private final List<Buffer[]> reads = new ArrayList<>();
  private final List<String> names = new ArrayList<>();
  private final List<Integer> sizes = new ArrayList<>();

  @Override
  public String label() {
    return "callpark EslFrameParser + EslEvent.from";
  }

  @Override
  public void prepare(List<CapturedStream> streams, Chunking chunking) {
    reads.clear();
    names.clear();
    sizes.clear();
    for (CapturedStream s : streams) {
      int[] b = s.boundaries(chunking);
      Buffer[] chunks = new Buffer[b.length - 1];
      for (int i = 0; i < chunks.length; i++) {
        chunks[i] = Buffer.buffer().appendBytes(s.bytes(), b[i], b[i + 1] - b[i]);
      }
      reads.add(chunks);
      names.add(s.name());
      sizes.add(s.bytes().length);
    }
  }

  @Override
  public Tally pass() {
    Tally t = new Tally();
    for (int s = 0; s < reads.size(); s++) {
      String name = names.get(s);
      EslFrameParser parser = new EslFrameParser(frame -> onFrame(frame, t), e -> {
        throw new IllegalStateException(name + ": our parser rejected the capture: " + e.getMessage(), e);
      });
      for (Buffer chunk : reads.get(s)) {
        parser.handle(chunk);
      }
      t.bytes += sizes.get(s);
    }
    return t;
  }

  private static void onFrame(EslFrame frame, Tally t) {
    t.frames++;
    if (frame.kind() == FrameKind.EVENT_PLAIN) {
      EslEvent event = EslEvent.from(frame);
      t.events++;
      EslHeaders h = event.headers();
      int n = h.size();
      long sum = n;
      for (int i = 0; i < n; i++) {
        sum += h.value(i).length();
      }
      t.checksum += sum;
    }
  }
}
