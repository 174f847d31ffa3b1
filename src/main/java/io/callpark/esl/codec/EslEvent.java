package io.callpark.esl.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A FreeSWITCH event: its headers, URL-decoded, in order, and its own body if it has one (a
 * BACKGROUND_JOB's api output, a sendevent body). Decoded from the body of a {@code text/event-plain},
 * {@code text/event-json} or {@code text/event-xml} frame, or from the header block of the outbound
 * {@code connect} reply (channel data, fact 10).
 *
 * <p>Immutable and thread-safe.
 */
public final class EslEvent {
  private static final JsonFactory JSON = new JsonFactory();

  private final EslHeaders headers;
  private final String body;

  public EslEvent(EslHeaders headers, String body) {
    this.headers = headers;
    this.body = body;
  }

  /** Decodes the event carried by an event frame; a protocol error for any other frame. */
  public static EslEvent from(EslFrame frame) {
    switch (frame.kind()) {
      case EVENT_PLAIN: return parsePlain(frame.body());
      case EVENT_JSON: return parseJson(frame.body());
      case EVENT_XML: return parseXml(frame.body());
      default:
        throw EslProtocolException.of("not an event frame", String.valueOf(frame.contentType()));
    }
  }

  /**
   * Channel data from the outbound {@code connect} reply: the header block itself, URL-encoded values,
   * reply headers mixed in (fact 10, 48).
   */
  public static EslEvent fromChannelData(EslFrame connectReply) {
    EslHeaders raw = connectReply.headers();
    EslHeaders.Builder decoded = EslHeaders.builder();
    for (int i = 0; i < raw.size(); i++) {
      decoded.add(raw.name(i), UrlCodec.decode(raw.value(i)));
    }
    return new EslEvent(decoded.build(), null);
  }

  /**
   * {@code text/event-plain}: URL-encoded {@code Name: value} lines; an inner {@code Content-Length}
   * header means a blank line and that many bytes of body follow (fact 3).
   */
  public static EslEvent parsePlain(byte[] b) {
    EslHeaders.Builder headers = EslHeaders.builder();
    int pos = 0;
    int n = b.length;
    int innerLength = -1;
    while (pos < n) {
      int lineEnd = EslFrameParser.indexOf(b, (byte) '\n', pos, n);
      if (lineEnd < 0) {
        lineEnd = n;
      }
      if (lineEnd == pos) {
        pos++;
        break; // blank line: end of the event's headers
      }
      int colon = EslFrameParser.indexOf(b, (byte) ':', pos, lineEnd);
      if (colon <= pos) {
        throw EslProtocolException.of("event header line without a colon", b, pos, lineEnd - pos);
      }
      String name = new String(b, pos, colon - pos, StandardCharsets.UTF_8);
      int vs = colon + 1;
      if (vs < lineEnd && b[vs] == ' ') {
        vs++;
      }
      String value = UrlCodec.decode(b, vs, lineEnd - vs);
      if (innerLength < 0 && name.equals("Content-Length")) {
        innerLength = parseLength(value);
      }
      headers.add(name, value);
      pos = lineEnd + 1;
    }
    String body = null;
    if (innerLength >= 0) {
      int len = Math.min(innerLength, Math.max(0, n - pos));
      body = new String(b, Math.min(pos, n), len, StandardCharsets.UTF_8);
    }
    return new EslEvent(headers.build(), body);
  }

  /** {@code text/event-json}: one flat object; {@code _body} is the event's body. Decoded with Jackson. */
  public static EslEvent parseJson(byte[] b) {
    EslHeaders.Builder headers = EslHeaders.builder();
    String body = null;
    try (JsonParser p = JSON.createParser(b)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw EslProtocolException.of("event-json body is not an object", b, 0, b.length);
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        String value;
        if (t == JsonToken.START_ARRAY) {
          // FreeSWITCH array headers; kept in its own serialisation "ARRAY::a|:b".
          StringBuilder sb = new StringBuilder("ARRAY::");
          boolean first = true;
          while (p.nextToken() != JsonToken.END_ARRAY) {
            sb.append(first ? "" : "|:").append(p.getValueAsString());
            first = false;
          }
          value = sb.toString();
        } else if (t == JsonToken.START_OBJECT) {
          p.skipChildren();
          continue;
        } else {
          value = p.getValueAsString();
        }
        if (name.equals("_body")) {
          body = value;
        } else {
          headers.add(name, value);
        }
      }
    } catch (IOException e) {
      throw EslProtocolException.of("event-json body is not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")", b, 0, b.length);
    }
    return new EslEvent(headers.build(), body);
  }

  /** {@code text/event-xml}: {@code <event><headers><Name>value</Name>...</headers><body>...</body></event>}. */
  public static EslEvent parseXml(byte[] b) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setExpandEntityReferences(false);
      Document doc = f.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(b));
      EslHeaders.Builder headers = EslHeaders.builder();
      String body = null;
      for (Node n = doc.getDocumentElement().getFirstChild(); n != null; n = n.getNextSibling()) {
        if (!(n instanceof Element e)) {
          continue;
        }
        if (e.getTagName().equals("headers")) {
          for (Node h = e.getFirstChild(); h != null; h = h.getNextSibling()) {
            if (h instanceof Element he) {
              headers.add(he.getTagName(), UrlCodec.decode(he.getTextContent()));
            }
          }
        } else if (e.getTagName().equals("body")) {
          body = e.getTextContent();
        } else {
          headers.add(e.getTagName(), e.getTextContent());
        }
      }
      return new EslEvent(headers.build(), body);
    } catch (Exception e) {
      throw EslProtocolException.of("event-xml body is not valid XML (" + e.getMessage() + ")", b, 0, b.length);
    }
  }

  private static int parseLength(String v) {
    try {
      int n = Integer.parseInt(v);
      return n < 0 ? -1 : n;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  public EslHeaders headers() {
    return headers;
  }

  /** The event's own body, or {@code null} when it has none. */
  public String body() {
    return body;
  }

  public String header(String name) {
    return headers.get(name);
  }

  /** A channel variable: the {@code variable_<name>} header. */
  public String variable(String name) {
    return headers.get("variable_" + name);
  }

  public String name() {
    return headers.get("Event-Name");
  }

  public String subclass() {
    return headers.get("Event-Subclass");
  }

  /**
   * The channel's {@code Unique-ID}, matched with its exact case. valet_park's PRESENCE_IN events carry a
   * lowercase {@code unique-id: my_lot} / {@code unique-id: 6001} that is a presence dialog id, not a
   * channel (facts 21 and 25); the captures' expected parse gives those events no Unique-ID
   * (valet_park_events.frames.json frame 5, blf_esl_events_2.frames.json frame 6).
   */
  public String uniqueId() {
    for (int i = 0; i < headers.size(); i++) {
      if (headers.name(i).equals("Unique-ID")) {
        return headers.value(i);
      }
    }
    return null;
  }

  public String sequence() {
    return headers.get("Event-Sequence");
  }

  @Override
  public String toString() {
    return "EslEvent{" + name() + (subclass() != null ? " " + subclass() : "")
        + (uniqueId() != null ? " " + uniqueId() : "") + "}";
  }
}
