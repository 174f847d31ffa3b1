package io.callpark.esl.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The FreeSWITCH 1.11.1 captures in {@code src/test/resources/fixtures} (copied byte for byte from
 * ../shared/freeswitch, whose README numbers the facts they show): a {@code .raw} file is the fs-&gt;client
 * bytes of one connection as received, its {@code .frames.json} an independent expected parse, a
 * {@code .txt} the transcript of both directions chunk by chunk.
 *
 * <p>Stateless and thread-safe; every call reads the classpath afresh and returns new objects.
 */
public final class Fixtures {
  /** Classpath folder of the fixtures. */
  public static final String DIR = "/fixtures/";

  private static final ObjectMapper JSON = new ObjectMapper();

  private Fixtures() {}

  // ---------------------------------------------------------------------------------------------
  // Raw captures and their expected parse

  /** The bytes of {@code <name>.raw}, e.g. {@code raw("inbound_session")}. */
  public static byte[] raw(String name) {
    return bytes(name + ".raw");
  }

  /** Any fixture file's bytes, by file name ({@code "outbound_session.txt"}). */
  public static byte[] bytes(String fileName) {
    try (InputStream in = Fixtures.class.getResourceAsStream(DIR + fileName)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + DIR + fileName + " on the test classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Names (without extension) of every capture that has both a {@code .raw} and a {@code .frames.json}. */
  public static List<String> rawFixtureNames() {
    Set<String> files = new HashSet<>(fileNames());
    return files.stream()
        .filter(f -> f.endsWith(".raw"))
        .map(f -> f.substring(0, f.length() - ".raw".length()))
        .filter(n -> files.contains(n + ".frames.json"))
        .sorted()
        .toList();
  }

  /** Names (without extension) of every transcript ({@code .txt}) in the fixtures folder. */
  public static List<String> transcriptNames() {
    return fileNames().stream()
        .filter(f -> f.endsWith(".txt"))
        .map(f -> f.substring(0, f.length() - ".txt".length()))
        .sorted()
        .toList();
  }

  /** Every file name in the fixtures folder (read from the test-classes directory). */
  public static List<String> fileNames() {
    URL url = Fixtures.class.getResource(DIR);
    if (url == null) {
      throw new IllegalStateException("no " + DIR + " on the test classpath");
    }
    try (Stream<Path> files = Files.list(Paths.get(url.toURI()))) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code <name>.frames.json}, the expected parse of {@code <name>.raw}. */
  public static ExpectedParse expectedParse(String name) {
    try {
      JsonNode root = JSON.readTree(bytes(name + ".frames.json"));
      List<ExpectedFrame> frames = new ArrayList<>();
      for (JsonNode f : root.get("frames")) {
        JsonNode e = f.get("event");
        frames.add(new ExpectedFrame(f.get("offset").asLong(), pairs(f.get("headers")), f.get("body_length").asInt(),
            f.get("body_sha256").asText(), e == null || e.isNull() ? null : ExpectedEvent.of(e)));
      }
      return new ExpectedParse(root.get("file").asText(), root.get("frame_count").asInt(), List.copyOf(frames));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A {@code .frames.json}: {@code {"file","frame_count","frames":[...]}}. */
  public record ExpectedParse(String file, int frameCount, List<ExpectedFrame> frames) {

    /**
     * The expected frames as {@link EslFrame}s, built from the JSON and the raw bytes alone (no parser
     * involved): the header block is the JSON's headers written {@code "Name: value\n"} then {@code "\n"},
     * which must be exactly the bytes at the frame's offset, and the body is the {@code body_length}
     * bytes after it, whose SHA-256 must match. Throws if the fixture is not self-consistent.
     */
    public List<EslFrame> toFrames(byte[] raw) {
      List<EslFrame> out = new ArrayList<>(frames.size());
      long expectedOffset = 0;
      for (int i = 0; i < frames.size(); i++) {
        ExpectedFrame f = frames.get(i);
        if (f.offset() != expectedOffset) {
          throw new IllegalStateException(file + " frame " + i + ": offset " + f.offset() + ", previous frame ended at "
              + expectedOffset);
        }
        byte[] block = headerBlock(f.headers());
        int start = (int) f.offset();
        if (!regionEquals(raw, start, block)) {
          throw new IllegalStateException(file + " frame " + i + ": header block at offset " + start
              + " is not the JSON's headers as written on the wire");
        }
        int bodyStart = start + block.length;
        if (bodyStart + f.bodyLength() > raw.length
            || !sha256(raw, bodyStart, f.bodyLength()).equals(f.bodySha256())) {
          throw new IllegalStateException(file + " frame " + i + ": body SHA-256 differs");
        }
        out.add(new EslFrame(headers(f.headers()), java.util.Arrays.copyOfRange(raw, bodyStart, bodyStart + f.bodyLength())));
        expectedOffset = bodyStart + f.bodyLength();
      }
      if (expectedOffset != raw.length) {
        throw new IllegalStateException(file + ": frames end at " + expectedOffset + ", the file at " + raw.length);
      }
      return out;
    }
  }

  /** One frame of a {@code .frames.json}; {@code event} is null for non-event frames. */
  public record ExpectedFrame(long offset, List<List<String>> headers, int bodyLength, String bodySha256,
      ExpectedEvent event) {}

  /**
   * The {@code event} object of a frame. The generators of the two capture generations did not record
   * the same fields (xml events have only name/sequence/unique_id/subclass, Section B json events no
   * subclass), so {@link #has} says which were recorded; absent ones must not be compared.
   */
  public record ExpectedEvent(Set<String> fields, String name, String subclass, String uniqueId, String sequence,
      Integer innerBodyLength, Integer headerCount, List<List<String>> headersDecoded) {

    static ExpectedEvent of(JsonNode e) {
      Set<String> fields = new HashSet<>();
      e.fieldNames().forEachRemaining(fields::add);
      return new ExpectedEvent(Collections.unmodifiableSet(fields), text(e, "name"), text(e, "subclass"),
          text(e, "unique_id"), text(e, "sequence"), integer(e, "inner_body_length"), integer(e, "header_count"),
          e.has("headers_decoded") ? pairs(e.get("headers_decoded")) : null);
    }

    public boolean has(String field) {
      return fields.contains(field);
    }
  }

  /** {@code "Name: value\n"} per header, then the blank line: a header block exactly as FreeSWITCH writes it. */
  public static byte[] headerBlock(List<List<String>> pairs) {
    StringBuilder sb = new StringBuilder();
    for (List<String> p : pairs) {
      sb.append(p.get(0)).append(": ").append(p.get(1)).append('\n');
    }
    return sb.append('\n').toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A parsed frame written back as on the wire (header block, blank line, body). */
  public static byte[] wireBytes(EslFrame frame) {
    return EslFrameWriter.concat(headerBlock(frame.headers().asPairs()), frame.body());
  }

  public static EslHeaders headers(List<List<String>> pairs) {
    EslHeaders.Builder b = EslHeaders.builder();
    pairs.forEach(p -> b.add(p.get(0), p.get(1)));
    return b.build();
  }

  public static String sha256(byte[] b, int off, int len) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(b, off, len);
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<List<String>> pairs(JsonNode array) {
    List<List<String>> out = new ArrayList<>(array.size());
    for (JsonNode p : array) {
      out.add(List.of(p.get(0).asText(), p.get(1).asText()));
    }
    return List.copyOf(out);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static Integer integer(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asInt();
  }

  private static boolean regionEquals(byte[] raw, int start, byte[] expected) {
    return start + expected.length <= raw.length
        && java.util.Arrays.equals(raw, start, start + expected.length, expected, 0, expected.length);
  }

  // ---------------------------------------------------------------------------------------------
  // Transcripts

  /** Who wrote a chunk, from its marker line ({@code >>> client->fs}, {@code <<< fs->client}, SIP: phone). */
  public enum Direction {
    CLIENT_TO_FS(">>> client->fs"),
    FS_TO_CLIENT("<<< fs->client"),
    PHONE_TO_FS(">>> phone->fs"),
    FS_TO_PHONE("<<< fs->phone");

    private final String marker;

    Direction(String marker) {
      this.marker = marker;
    }

    /** The marker text before {@code " (N bytes)"}. */
    public String marker() {
      return marker;
    }

    public boolean fromFreeSwitch() {
      return this == FS_TO_CLIENT || this == FS_TO_PHONE;
    }
  }

  /** One socket read or write of a transcript: exactly the bytes, without the LF the .txt may have added. */
  public record Chunk(Direction direction, byte[] bytes) {
    public String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return direction.marker() + " (" + bytes.length + " bytes)";
    }
  }

  /** A parsed {@code .txt}: its {@code # } description lines and its chunks in order. */
  public record Transcript(List<String> comments, List<Chunk> chunks) {
    /** Every chunk in that direction, concatenated: for {@link Direction#FS_TO_CLIENT} the {@code .raw}. */
    public byte[] concat(Direction direction) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (Chunk c : chunks) {
        if (c.direction() == direction) {
          out.writeBytes(c.bytes());
        }
      }
      return out.toByteArray();
    }

    public List<Chunk> chunks(Direction direction) {
      return chunks.stream().filter(c -> c.direction() == direction).toList();
    }
  }

  /** Reads {@code <name>.txt} from the fixtures. */
  public static Transcript transcript(String name) {
    return parseTranscript(bytes(name + ".txt"));
  }

  /**
   * Parses a transcript (../shared/freeswitch/README.md, "Format of every .txt"): {@code # } comment
   * lines, a line {@code # ---}, then chunks, each a marker line {@code >>> client->fs (N bytes)} /
   * {@code <<< fs->client (N bytes)} followed by exactly N bytes; where those bytes do not end in LF one LF
   * was added, and it is dropped here. Chunks are read by their byte count, never by looking for the
   * next marker, so a chunk may itself contain marker-like lines.
   *
   * <p>The SIP transcripts ({@code phone->fs}) put one extra blank line after a chunk that already ends in
   * LF; a single LF before a marker where the ESL rule expects the marker itself is therefore skipped (in
   * an ESL transcript that position can only hold a marker, so this never hides a miscount).
   *
   * @throws IllegalArgumentException naming the byte offset where the text does not follow the format
   */
  public static Transcript parseTranscript(byte[] text) {
    List<String> comments = new ArrayList<>();
    int pos = 0;
    boolean separated = false;
    while (pos < text.length) {
      int eol = indexOf(text, (byte) '\n', pos);
      if (eol < 0) {
        throw new IllegalArgumentException("transcript header line at offset " + pos + " does not end in LF");
      }
      String line = new String(text, pos, eol - pos, StandardCharsets.UTF_8);
      pos = eol + 1;
      if (line.equals("# ---")) {
        separated = true;
        break;
      }
      if (!line.startsWith("#")) {
        throw new IllegalArgumentException("transcript header line at offset " + (eol - line.length())
            + " is not a '# ' comment: " + EslProtocolException.quote(line.getBytes(StandardCharsets.UTF_8), 0, line.length()));
      }
      comments.add(line.startsWith("# ") ? line.substring(2) : line.substring(1));
    }
    if (!separated) {
      throw new IllegalArgumentException("transcript has no '# ---' line");
    }
    List<Chunk> chunks = new ArrayList<>();
    while (pos < text.length) {
      if (text[pos] == '\n' && !chunks.isEmpty()) {
        pos++; // the SIP transcripts' extra blank line (see above)
        if (pos == text.length) {
          break;
        }
      }
      int eol = indexOf(text, (byte) '\n', pos);
      if (eol < 0) {
        throw new IllegalArgumentException("marker line at offset " + pos + " does not end in LF");
      }
      String marker = new String(text, pos, eol - pos, StandardCharsets.US_ASCII);
      Direction direction = null;
      for (Direction d : Direction.values()) {
        if (marker.startsWith(d.marker() + " (") && marker.endsWith(" bytes)")) {
          direction = d;
        }
      }
      if (direction == null) {
        throw new IllegalArgumentException("expected a chunk marker like '<<< fs->client (N bytes)' at offset " + pos
            + ", found " + EslProtocolException.quote(text, pos, eol - pos));
      }
      int n;
      try {
        n = Integer.parseInt(marker.substring(direction.marker().length() + 2, marker.length() - " bytes)".length()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad byte count in marker at offset " + pos + ": " + marker);
      }
      int start = eol + 1;
      if (n < 0 || start + n > text.length) {
        throw new IllegalArgumentException("chunk at offset " + pos + " announces " + n + " bytes, "
            + (text.length - start) + " remain");
      }
      chunks.add(new Chunk(direction, java.util.Arrays.copyOfRange(text, start, start + n)));
      pos = start + n;
      if (n == 0 || text[start + n - 1] != '\n') {
        if (pos >= text.length || text[pos] != '\n') {
          throw new IllegalArgumentException("chunk at offset " + start + " does not end in LF and is not followed by the"
              + " added LF");
        }
        pos++;
      }
    }
    return new Transcript(List.copyOf(comments), List.copyOf(chunks));
  }

  private static int indexOf(byte[] b, byte c, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }
}
