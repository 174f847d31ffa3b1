package io.callpark.sim;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.callpark.esl.codec.EslEvent;
import io.callpark.esl.codec.EslFrameWriter;
import io.callpark.esl.codec.EslHeaders;
import io.callpark.esl.codec.UrlCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The three event encodings a listener can ask for ({@code event plain|json|xml ...}, fact 39) and the
 * frame around them: {@code Content-Length}, {@code Content-Type: text/event-*}, blank line, body.
 *
 * <p>Plain is the codec's {@link EslFrameWriter#eventPlain} (switch_event_serialize: URL-encoded lines in
 * order, a sendevent client's own {@code Content-Length} kept among them, then the body's).
 * JSON is one flat object of strings with the body as {@code _body}; XML is
 * {@code <event><headers><Name>url-encoded</Name>...</headers><body>...</body></event>}.
 *
 * <p>Stateless; thread-safe.
 */
enum EventFormat {
  PLAIN("plain", "text/event-plain"),
  JSON("json", "text/event-json"),
  XML("xml", "text/event-xml");

  private static final JsonFactory JSON_FACTORY = new JsonFactory();

  final String word;
  final String contentType;

  EventFormat(String word, String contentType) {
    this.word = word;
    this.contentType = contentType;
  }

  static EventFormat of(String word) {
    for (EventFormat f : values()) {
      if (f.word.equalsIgnoreCase(word)) {
        return f;
      }
    }
    return null;
  }

  byte[] frame(EslEvent event) {
    if (this == PLAIN) {
      return EslFrameWriter.eventPlain(event.headers(), event.body());
    }
    byte[] inner = body(event);
    byte[] head = ("Content-Length: " + inner.length + "\nContent-Type: " + contentType + "\n\n")
        .getBytes(StandardCharsets.US_ASCII);
    return EslFrameWriter.concat(head, inner);
  }

  private byte[] body(EslEvent event) {
    switch (this) {
      case JSON: return json(event);
      case XML: return xml(event);
      default: throw new IllegalStateException("plain is written by EslFrameWriter");
    }
  }

  private static byte[] json(EslEvent event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
    try (JsonGenerator g = JSON_FACTORY.createGenerator(out)) {
      g.writeStartObject();
      EslHeaders h = event.headers();
      for (int i = 0; i < h.size(); i++) {
        g.writeStringField(h.name(i), h.value(i));
      }
      if (event.body() != null) {
        g.writeStringField("Content-Length", Integer.toString(event.body().getBytes(StandardCharsets.UTF_8).length));
        g.writeStringField("_body", event.body());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] xml(EslEvent event) {
    StringBuilder sb = new StringBuilder(4096).append("<event>\n  <headers>\n");
    EslHeaders h = event.headers();
    for (int i = 0; i < h.size(); i++) {
      sb.append("    <").append(h.name(i)).append('>').append(UrlCodec.encodeLikeFreeSwitch(h.value(i)))
          .append("</").append(h.name(i)).append(">\n");
    }
    sb.append("  </headers>\n");
    if (event.body() != null) {
      sb.append("  <body>").append(escape(event.body())).append("</body>\n");
    }
    return sb.append("</event>").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
