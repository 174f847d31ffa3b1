package io.callpark.esl.codec;

import java.util.ArrayList;
import java.util.List;
import org.freeswitch.esl.client.transport.message.EslFrameDecoder;
import org.freeswitch.esl.client.transport.message.EslMessage;
import org.jboss.netty.buffer.ChannelBuffers;
import org.jboss.netty.handler.codec.embedder.CodecEmbedderException;
import org.jboss.netty.handler.codec.embedder.DecoderEmbedder;

/**
 * Decodes bytes with esl-client 0.9.2's own frame decoder
 * ({@code org.freeswitch.esl.client.transport.message.EslFrameDecoder}, a Netty 3 {@code ReplayingDecoder}
 * producing {@link EslMessage}s), driven by Netty's {@link DecoderEmbedder} — no sockets, no threads. The
 * differential oracle for {@link EslFrameParser} (EslClientOracleTest) and the baseline the benchmark
 * measures our parser's throughput against.
 *
 * <p>Stateless; each call builds its own decoder, so the static methods are thread-safe.
 */
public final class EslClientDecoder {

  /** The two ways esl-client builds its decoder. */
  public enum Mode {
    /** {@code InboundPipelineFactory}: {@code new EslFrameDecoder(8192)}: an unknown header name throws. */
    INBOUND(8192, false),
    /**
     * {@code AbstractOutboundPipelineFactory}: {@code new EslFrameDecoder(8092, true)}: a header line whose
     * name is not one of its six known names is added to the body lines instead (the connect reply's
     * channel data arrives that way).
     */
    OUTBOUND(8092, true);

    final int maxHeaderLine;
    final boolean unknownHeadersAsBody;

    Mode(int maxHeaderLine, boolean unknownHeadersAsBody) {
      this.maxHeaderLine = maxHeaderLine;
      this.unknownHeadersAsBody = unknownHeadersAsBody;
    }
  }

  /**
   * What came out: the messages decoded, and if the decoder threw, the exception (unwrapped from Netty's
   * {@link CodecEmbedderException}); the messages are then those decoded before it.
   */
  public record Result(List<EslMessage> messages, Throwable failure) {
    public boolean failed() {
      return failure != null;
    }
  }

  private EslClientDecoder() {}

  /**
   * Decodes {@code bytes} in one chunk the way esl-client's outbound pipeline does (the lenient mode, which
   * accepts every frame FreeSWITCH sends); throws if it fails. The simplest call for benchmarks.
   */
  public static List<EslMessage> decode(byte[] bytes) {
    Result r = decode(bytes, Mode.OUTBOUND, bytes.length);
    if (r.failed()) {
      throw new IllegalStateException("esl-client could not decode the input after " + r.messages().size()
          + " messages", r.failure());
    }
    return r.messages();
  }

  /** Decodes {@code bytes} fed in chunks of {@code chunkSize} bytes (the last one shorter). */
  public static Result decode(byte[] bytes, Mode mode, int chunkSize) {
    DecoderEmbedder<EslMessage> embedder =
        new DecoderEmbedder<>(new EslFrameDecoder(mode.maxHeaderLine, mode.unknownHeadersAsBody));
    List<EslMessage> out = new ArrayList<>();
    Throwable failure = null;
    try {
      int step = Math.max(1, chunkSize);
      for (int off = 0; off < bytes.length; off += step) {
        embedder.offer(ChannelBuffers.wrappedBuffer(bytes, off, Math.min(step, bytes.length - off)));
        drain(embedder, out);
      }
      embedder.finish();
    } catch (CodecEmbedderException e) {
      failure = e.getCause() != null ? e.getCause() : e;
    } catch (RuntimeException e) {
      failure = e;
    }
    drain(embedder, out);
    return new Result(List.copyOf(out), failure);
  }

  private static void drain(DecoderEmbedder<EslMessage> embedder, List<EslMessage> out) {
    for (EslMessage m = embedder.poll(); m != null; m = embedder.poll()) {
      out.add(m);
    }
  }
}
