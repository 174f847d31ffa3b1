package io.callpark.bench;

import io.callpark.bench.CapturedStream.Chunking;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.freeswitch.esl.client.transport.event.EslEvent;
import org.freeswitch.esl.client.transport.message.EslFrameDecoder;
import org.freeswitch.esl.client.transport.message.EslMessage;
import org.jboss.netty.buffer.ChannelBuffer;
import org.jboss.netty.buffer.ChannelBuffers;
import org.jboss.netty.handler.codec.embedder.DecoderEmbedder;

/**
 * esl-client 0.9.2's decoding path, configured as the library configures it: its Netty 3
 * {@link EslFrameDecoder} (a {@code ReplayingDecoder}) with the arguments of its own pipelines —
 * {@code new EslFrameDecoder(8192)} in {@code inbound.InboundPipelineFactory},
 * {@code new EslFrameDecoder(8092, true)} in {@code outbound.AbstractOutboundPipelineFactory} — run in a
 * {@link DecoderEmbedder}, and for every {@code text/event-plain} message the {@link EslEvent} its
 * client handler builds ({@code AbstractEslClientHandler.handleEslMessage}), which URL-decodes the event
 * headers. The decoder itself leaves the event body as raw lines.
 *
 * <p>The configuration is the one the codec tests' {@code io.callpark.esl.codec.EslClientDecoder} (the
 * differential oracle) uses; this driver adds the recorded read boundaries and does not collect the
 * messages, so that only decoding is timed. Each read is handed over as a {@link ChannelBuffer} view of the capture ({@code duplicate()} of a
 * buffer made before the pass: Netty 3 moves the reader index of what it is given). Not thread-safe.
 */
final class EslClientStreamDecoder implements StreamDecoder {
  private final List<ChannelBuffer[]> reads = new ArrayList<>();
  private final List<CapturedStream> streams = new ArrayList<>();

  @Override
  public String label() {
    return "esl-client 0.9.2 EslFrameDecoder + EslEvent";
  }

  @Override
  public void prepare(List<CapturedStream> streams, Chunking chunking) {
    reads.clear();
    this.streams.clear();
    for (CapturedStream s : streams) {
      int[] b = s.boundaries(chunking);
      ChannelBuffer[] chunks = new ChannelBuffer[b.length - 1];
      for (int i = 0; i < chunks.length; i++) {
        chunks[i] = ChannelBuffers.wrappedBuffer(s.bytes(), b[i], b[i + 1] - b[i]);
      }
      reads.add(chunks);
      this.streams.add(s);
    }
  }

  /** The decoder esl-client's own pipeline would put on this kind of connection. */
  static EslFrameDecoder decoderFor(CapturedStream s) {
    return s.outbound() ? new EslFrameDecoder(8092, true) : new EslFrameDecoder(8192);
  }

  @Override
  public Tally pass() {
    Tally t = new Tally();
    for (int s = 0; s < reads.size(); s++) {
      CapturedStream stream = streams.get(s);
      DecoderEmbedder<EslMessage> embedder = new DecoderEmbedder<>(decoderFor(stream));
      try {
        for (ChannelBuffer chunk : reads.get(s)) {
          embedder.offer(chunk.duplicate());
          drain(embedder, t);
        }
        embedder.finish();
        drain(embedder, t);
      } catch (RuntimeException e) {
        throw new IllegalStateException(stream.name() + ": esl-client's decoder rejected the capture: " + e, e);
      }
      t.bytes += stream.bytes().length;
    }
    return t;
  }

  private static void drain(DecoderEmbedder<EslMessage> embedder, Tally t) {
    EslMessage m;
    while ((m = embedder.poll()) != null) {
      t.frames++;
      if ("text/event-plain".equals(m.getContentType())) {
        EslEvent event = new EslEvent(m);
        t.events++;
        Map<String, String> h = event.getEventHeaders();
        long sum = h.size();
        for (String v : h.values()) {
          sum += v.length();
        }
        t.checksum += sum;
      }
    }
  }
}
