package io.callpark.esl.codec;

import io.callpark.esl.codec.EslCommand.Api;
import io.callpark.esl.codec.EslCommand.Auth;
import io.callpark.esl.codec.EslCommand.BgApi;
import io.callpark.esl.codec.EslCommand.Connect;
import io.callpark.esl.codec.EslCommand.Event;
import io.callpark.esl.codec.EslCommand.Exit;
import io.callpark.esl.codec.EslCommand.Filter;
import io.callpark.esl.codec.EslCommand.Linger;
import io.callpark.esl.codec.EslCommand.Log;
import io.callpark.esl.codec.EslCommand.MyEvents;
import io.callpark.esl.codec.EslCommand.NixEvent;
import io.callpark.esl.codec.EslCommand.NoEvents;
import io.callpark.esl.codec.EslCommand.NoLinger;
import io.callpark.esl.codec.EslCommand.NoLog;
import io.callpark.esl.codec.EslCommand.SendEvent;
import io.callpark.esl.codec.EslCommand.SendMsg;
import java.nio.charset.StandardCharsets;

/**
 * Writes {@link EslCommand}s as FreeSWITCH reads them: a command line, {@code Name: value} header
 * lines, a blank line, then the body if there is one, all LF-terminated (fact 4).
 *
 * <p><b>Header injection.</b> mod_event_socket splits a command at every LF (and drops CR), so a caller
 * ID name of {@code "x\nhangup-cause: ..."} written raw would add a header — or end the command and
 * start another. Every command word, header name and header value is therefore checked: one holding
 * CR, LF or NUL is refused with an {@link EslProtocolException} that names the field and quotes the
 * value (escaped, truncated). Bodies are length-delimited and may hold any bytes.
 *
 * <p>Stateless and thread-safe.
 */
public final class EslCommandEncoder {
  private EslCommandEncoder() {}

  public static byte[] encode(EslCommand command) {
    return encodeToString(command).getBytes(StandardCharsets.UTF_8);
  }

  /** The exact text written for {@code command}. */
  public static String encodeToString(EslCommand command) {
    StringBuilder sb = new StringBuilder(128);
    if (command instanceof Auth c) {
      line(sb, "auth " + safe("password", c.password(), true));
    } else if (command instanceof Connect) {
      line(sb, "connect");
    } else if (command instanceof Api c) {
      line(sb, "api " + safe("api command", c.command(), false));
    } else if (command instanceof BgApi c) {
      line(sb, "bgapi " + safe("bgapi command", c.command(), false));
      if (c.jobUuid() != null) {
        header(sb, "Job-UUID", c.jobUuid());
      }
    } else if (command instanceof SendMsg c) {
      line(sb, c.uuid() == null ? "sendmsg" : "sendmsg " + safe("sendmsg uuid", c.uuid(), false));
      headersAndBody(sb, c.headers(), c.body(), "content-type", "text/plain");
      return sb.toString();
    } else if (command instanceof Event c) {
      StringBuilder l = new StringBuilder("event ").append(word("event format", c.format()));
      for (String n : c.names()) {
        if (!n.equals("CUSTOM")) {
          l.append(' ').append(word("event name", n));
        }
      }
      if (!c.customSubclasses().isEmpty() || c.names().contains("CUSTOM")) {
        l.append(" CUSTOM");
        for (String s : c.customSubclasses()) {
          l.append(' ').append(word("event subclass", s));
        }
      }
      line(sb, l.toString());
    } else if (command instanceof MyEvents c) {
      StringBuilder l = new StringBuilder("myevents");
      if (c.format() != null) {
        l.append(' ').append(word("myevents format", c.format()));
      }
      if (c.uuid() != null) {
        l.append(' ').append(word("myevents uuid", c.uuid()));
      }
      line(sb, l.toString());
    } else if (command instanceof NixEvent c) {
      StringBuilder l = new StringBuilder("nixevent");
      for (String n : c.names()) {
        l.append(' ').append(word("event name", n));
      }
      line(sb, l.toString());
    } else if (command instanceof NoEvents) {
      line(sb, "noevents");
    } else if (command instanceof Filter c) {
      line(sb, (c.delete() ? "filter delete " : "filter ") + word("filter header", c.header())
          + (c.value() == null ? "" : " " + safe("filter value", c.value(), false)));
    } else if (command instanceof Linger c) {
      line(sb, c.seconds() == null ? "linger" : "linger " + c.seconds());
    } else if (command instanceof NoLinger) {
      line(sb, "nolinger");
    } else if (command instanceof SendEvent c) {
      line(sb, "sendevent " + word("event name", c.name()));
      headersAndBody(sb, c.headers(), c.body(), null, null);
      return sb.toString();
    } else if (command instanceof Log c) {
      line(sb, "log " + c.level());
    } else if (command instanceof NoLog) {
      line(sb, "nolog");
    } else if (command instanceof Exit) {
      line(sb, "exit");
    } else {
      throw new IllegalArgumentException("unknown command " + command);
    }
    sb.append('\n');
    return sb.toString();
  }

  private static void headersAndBody(StringBuilder sb, EslHeaders headers, String body, String typeName, String type) {
    for (int i = 0; i < headers.size(); i++) {
      // The body's length is ours to write: a caller's Content-Length would make mod_event_socket (read_packet
      // looks it up ignoring case) take that many bytes of the next command as this one's body.
      if (headers.name(i).equalsIgnoreCase("Content-Length")) {
        throw EslProtocolException.of("refusing to write a caller-supplied Content-Length header (the encoder sets it"
            + " from the body)", headers.value(i));
      }
      header(sb, headers.name(i), headers.value(i));
    }
    if (body != null) {
      if (typeName != null && !headers.contains(typeName)) {
        header(sb, typeName, type);
      }
      header(sb, "Content-Length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
      sb.append('\n').append(body);
    } else {
      sb.append('\n');
    }
  }

  private static void header(StringBuilder sb, String name, String value) {
    if (name.isEmpty() || name.indexOf(':') >= 0 || name.indexOf(' ') >= 0) {
      throw EslProtocolException.of("refusing to write a header name that is empty or holds ':' or ' '", name);
    }
    safe("header name", name, false);
    sb.append(name).append(": ").append(safe("header " + name, value, false)).append('\n');
  }

  private static void line(StringBuilder sb, String line) {
    sb.append(line).append('\n');
  }

  /** A single word: no spaces either, so it cannot change the meaning of the command line. */
  private static String word(String field, String value) {
    safe(field, value, false);
    if (value.isEmpty() || value.indexOf(' ') >= 0) {
      throw EslProtocolException.of("refusing to write " + field + " that is empty or holds a space", value);
    }
    return value;
  }

  /** Refuses CR, LF and NUL; {@code secret} keeps the value out of the message. */
  static String safe(String field, String value, boolean secret) {
    if (value == null) {
      throw new EslProtocolException("refusing to write " + field + ": it is missing (null)");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\n' || c == '\r' || c == 0) {
        if (secret) {
          throw new EslProtocolException("refusing to write " + field + ": it holds CR, LF or NUL (value not shown)");
        }
        throw EslProtocolException.of("refusing to write " + field + " holding CR, LF or NUL (header injection)", value);
      }
    }
    return value;
  }
}
