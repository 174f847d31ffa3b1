package io.callpark.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fs->client bytes of one FreeSWITCH capture ({@code <name>.raw}) and the sizes of the socket reads
 * they arrived in (the {@code <<< fs->client (N bytes)} markers of {@code <name>.txt}), so a benchmark can
 * replay them as received, in fixed-size chunks, or in one piece. Immutable.
 */
public record CapturedStream(String name, byte[] bytes, int[] recordedReads) {

  /**
   * The captures whose traffic is mostly {@code text/event-plain} events (the format callpark subscribes
   * with): inbound {@code event plain ALL} sessions and outbound {@code myevents} sessions, both
   * generations of ../shared/freeswitch/README.md. The json/xml captures are left out: callpark never
   * asks for those formats.
   */
  public static final List<String> EVENT_PLAIN_CAPTURES = List.of(
      "valet_park_session", "inbound_esl_session", "outbound_esl_session", "outbound_sip_auth_call",
      "blf_esl_events_2", "valet_park_events", "inbound_session", "outbound_session", "outbound_sip_call");

  private static final Pattern READ_MARKER = Pattern.compile("^<<< fs->client \\((\\d+) bytes\\)", Pattern.MULTILINE);

  /** How the bytes are cut into reads before they reach a decoder. */
  public enum Chunking {
    /** The read sizes recorded in the transcript (real socket reads from FreeSWITCH). */
    RECORDED("as recorded"),
    /** 1,400-byte reads: about one TCP segment each, so most frames span reads. */
    MTU_1400("1400-byte reads"),
    /** The whole capture in one read: the parser's best case. */
    WHOLE("one read");

    private final String label;

    Chunking(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** True for outbound-socket sessions (FreeSWITCH connected to us; first frame is the connect reply). */
  public boolean outbound() {
    return name.startsWith("outbound");
  }

  /** Offsets where each read starts, plus {@code bytes.length} at the end. */
  public int[] boundaries(Chunking chunking) {
    switch (chunking) {
      case WHOLE:
        return new int[] {0, bytes.length};
      case MTU_1400:
        return fixed(1400);
      case RECORDED:
      default:
        int[] b = new int[recordedReads.length + 1];
        for (int i = 0; i < recordedReads.length; i++) {
          b[i + 1] = b[i] + recordedReads[i];
        }
        return b;
    }
  }

  private int[] fixed(int size) {
    int n = (bytes.length + size - 1) / size;
    int[] b = new int[n + 1];
    for (int i = 1; i <= n; i++) {
      b[i] = Math.min(bytes.length, i * size);
    }
    return b;
  }

  public static List<CapturedStream> load(Path dir, List<String> names) throws IOException {
    List<CapturedStream> out = new ArrayList<>();
    for (String name : names) {
      out.add(load(dir, name));
    }
    return out;
  }

  /**
   * Loads {@code name.raw} and the read sizes of {@code name.txt}; fails if the sizes do not add up to
   * the raw bytes (then the two files are not from the same capture).
   */
  public static CapturedStream load(Path dir, String name) throws IOException {
    Path raw = dir.resolve(name + ".raw");
    Path txt = dir.resolve(name + ".txt");
    if (!Files.isRegularFile(raw) || !Files.isRegularFile(txt)) {
      throw new IllegalStateException("capture " + name + " missing: need " + raw + " and " + txt);
    }
    byte[] bytes = Files.readAllBytes(raw);
    // Only the marker lines matter; ISO-8859-1 maps every byte to one char, so nothing can fail to decode.
    String transcript = Files.readString(txt, StandardCharsets.ISO_8859_1);
    Matcher m = READ_MARKER.matcher(transcript);
    List<Integer> reads = new ArrayList<>();
    long sum = 0;
    while (m.find()) {
      int n = Integer.parseInt(m.group(1));
      reads.add(n);
      sum += n;
    }
    if (sum != bytes.length) {
      throw new IllegalStateException(txt + ": fs->client reads add up to " + sum + " bytes but " + raw
          + " has " + bytes.length);
    }
    return new CapturedStream(name, bytes, reads.stream().mapToInt(Integer::intValue).toArray());
  }
}
