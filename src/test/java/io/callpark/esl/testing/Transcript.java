package io.callpark.esl.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A capture from ../shared/freeswitch/*.txt, parsed: {@code # } comment lines, a {@code # ---} line,
 * then chunks {@code >>> client->fs (N bytes)} / {@code <<< fs->client (N bytes)}, each followed by
 * exactly N bytes (one LF added after a chunk that does not end in LF).
 *
 * <p>Immutable and thread-safe.
 */
public final class Transcript {
  private static final Pattern MARKER = Pattern.compile("(>>>|<<<) \\S+->\\S+ \\((\\d+) bytes\\)");

  /** {@code >>>} is what the client wrote, {@code <<<} what FreeSWITCH wrote. */
  public enum Direction { CLIENT_TO_FS, FS_TO_CLIENT }

  /** One socket read or write, byte for byte. */
  public record Chunk(Direction direction, byte[] bytes) {
    public String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    public boolean fromClient() {
      return direction == Direction.CLIENT_TO_FS;
    }
  }

  private final String name;
  private final List<Chunk> chunks;

  private Transcript(String name, List<Chunk> chunks) {
    this.name = name;
    this.chunks = List.copyOf(chunks);
  }

  /** Loads {@code /transcripts/<name>} from the test classpath. */
  public static Transcript load(String name) {
    try (InputStream in = Transcript.class.getResourceAsStream("/transcripts/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no transcript /transcripts/" + name + " on the test classpath");
      }
      return parse(name, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Transcript parse(String name, byte[] b) {
    byte[] start = "\n# ---\n".getBytes(StandardCharsets.US_ASCII);
    int p = indexOf(b, start, 0);
    if (p < 0) {
      throw new IllegalArgumentException(name + ": no '# ---' line");
    }
    p += start.length;
    List<Chunk> chunks = new ArrayList<>();
    while (p < b.length) {
      int eol = indexOf(b, new byte[] {'\n'}, p);
      String marker = new String(b, p, (eol < 0 ? b.length : eol) - p, StandardCharsets.UTF_8);
      Matcher m = MARKER.matcher(marker);
      if (eol < 0 || !m.matches()) {
        throw new IllegalArgumentException(name + ": expected a chunk marker at byte " + p + ", found '" + marker + "'");
      }
      int n = Integer.parseInt(m.group(2));
      byte[] bytes = Arrays.copyOfRange(b, eol + 1, eol + 1 + n);
      if (bytes.length != n) {
        throw new IllegalArgumentException(name + ": chunk at byte " + p + " announces " + n + " bytes, file ends");
      }
      p = eol + 1 + n;
      if (n > 0 && bytes[n - 1] != '\n') {
        p++; // the LF the .txt adds after a chunk not ending in LF
      }
      chunks.add(new Chunk(m.group(1).equals(">>>") ? Direction.CLIENT_TO_FS : Direction.FS_TO_CLIENT, bytes));
    }
    return new Transcript(name, chunks);
  }

  public String name() {
    return name;
  }

  public List<Chunk> chunks() {
    return chunks;
  }

  /**
   * Without the exchange that starts with the client chunk {@code clientBytes} (exactly): that chunk and
   * the fs->client chunks up to the next client chunk. For parts of a capture a client cannot
   * reproduce (a bgapi without Job-UUID, an unknown command).
   */
  public Transcript withoutExchange(String clientBytes) {
    List<Chunk> out = new ArrayList<>();
    boolean found = false;
    boolean skipping = false;
    for (Chunk c : chunks) {
      if (c.fromClient()) {
        skipping = !found && c.text().equals(clientBytes);
        found |= skipping;
      }
      if (!skipping) {
        out.add(c);
      }
    }
    if (!found) {
      throw new IllegalArgumentException(name + ": no client chunk equal to " + clientBytes.replace("\n", "\\n"));
    }
    return new Transcript(name + " without '" + clientBytes.strip() + "'", out);
  }

  /** Every fs->client byte, concatenated (what the .raw beside the .txt holds). */
  public byte[] fsBytes() {
    return concat(Direction.FS_TO_CLIENT);
  }

  /** The fs->client bytes written after the client chunk equal to {@code clientBytes}, up to the next one. */
  public byte[] fsBytesAfter(String clientBytes) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    boolean in = false;
    for (Chunk c : chunks) {
      if (c.fromClient()) {
        if (in) {
          break;
        }
        in = c.text().equals(clientBytes);
      } else if (in) {
        out.writeBytes(c.bytes());
      }
    }
    return out.toByteArray();
  }

  private byte[] concat(Direction d) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    chunks.stream().filter(c -> c.direction() == d).forEach(c -> out.writeBytes(c.bytes()));
    return out.toByteArray();
  }

  static int indexOf(byte[] b, byte[] what, int from) {
    outer:
    for (int i = from; i <= b.length - what.length; i++) {
      for (int j = 0; j < what.length; j++) {
        if (b[i + j] != what[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
