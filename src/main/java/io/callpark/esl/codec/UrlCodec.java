package io.callpark.esl.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * FreeSWITCH's URL encoding of event header values ({@code switch_url_encode}/{@code switch_url_decode}
 * in switch_utils.c): {@code %XX} escapes of UTF-8 bytes. Unlike form encoding, {@code +} is a plus,
 * not a space ({@code Reply-Text: %2BOK%0A} in the outbound connect reply, fact 10). A {@code %} not
 * followed by two hex digits is kept literally, as FreeSWITCH does.
 *
 * <p>Stateless and thread-safe.
 */
public final class UrlCodec {
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

  private UrlCodec() {}

  public static String decode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return decode(b, 0, b.length);
  }

  /** Decodes {@code len} bytes at {@code off}; the fast path (no '%') makes one String and nothing else. */
  public static String decode(byte[] b, int off, int len) {
    int end = off + len;
    int pct = -1;
    for (int i = off; i < end; i++) {
      if (b[i] == '%') {
        pct = i;
        break;
      }
    }
    if (pct < 0) {
      return new String(b, off, len, StandardCharsets.UTF_8);
    }
    byte[] out = new byte[len];
    int o = pct - off;
    System.arraycopy(b, off, out, 0, o);
    for (int i = pct; i < end; i++) {
      byte c = b[i];
      if (c == '%' && i + 2 < end) {
        int hi = hex(b[i + 1]);
        int lo = hex(b[i + 2]);
        if (hi >= 0 && lo >= 0) {
          out[o++] = (byte) ((hi << 4) | lo);
          i += 2;
          continue;
        }
      }
      out[o++] = c;
    }
    return new String(out, 0, o, StandardCharsets.UTF_8);
  }

  /** Encodes everything but unreserved characters, as switch_url_encode does for event-plain bodies. */
  public static String encode(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + 16);
    for (byte c : b) {
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~') {
        out.write(c);
      } else {
        out.write('%');
        out.write(HEX[(c >> 4) & 0xF]);
        out.write(HEX[c & 0xF]);
      }
    }
    return out.toString(StandardCharsets.US_ASCII);
  }

  /** switch_utils.c {@code urlunsafe}: what FreeSWITCH escapes besides controls and non-ASCII. */
  private static final String FS_UNSAFE = "\r\n \"#%&+:;<=>?@[\\]^`{|}";

  /**
   * Encodes as FreeSWITCH's {@code switch_url_encode} does for event-plain values: only controls,
   * non-ASCII and {@code  "#%&+:;<=>?@[\]^`{|}} are escaped, so {@code Tue,%2024%20Nov} keeps its comma
   * and {@code local_stream%3A//default} its slashes (outbound_session.raw).
   */
  public static String encodeLikeFreeSwitch(String s) {
    StringBuilder out = null;
    byte[] b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < ' ' || c > '~' || FS_UNSAFE.indexOf(c) >= 0) {
        b = s.getBytes(StandardCharsets.UTF_8);
        break;
      }
    }
    if (b == null) {
      return s;
    }
    out = new StringBuilder(b.length + 16);
    for (byte x : b) {
      int c = x & 0xFF;
      if (c < ' ' || c > '~' || FS_UNSAFE.indexOf(c) >= 0) {
        out.append('%').append((char) HEX[c >> 4]).append((char) HEX[c & 0xF]);
      } else {
        out.append((char) c);
      }
    }
    return out.toString();
  }

  private static int hex(byte c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }
}
