package io.callpark.esl.testing;

import io.callpark.esl.codec.EslFrameWriter;
import io.callpark.esl.codec.EslHeaders;
import io.callpark.esl.codec.EslRequest;
import io.callpark.esl.codec.EslRequestParser;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A tiny scriptable event-socket server for focused client tests (wrong password, drops, malformed
 * frames). By default it behaves like FreeSWITCH in the transcripts: {@code auth/request} on connect,
 * {@code +OK accepted} or {@code -ERR invalid} and close, {@code +OK event listener enabled plain},
 * filters, api/bgapi/sendevent, {@code exit}. Tests override any command by the prefix of its line with
 * {@link #on}, and the greeting with {@link #onConnect}. Frames are written with the codec's
 * {@link EslFrameWriter}, byte for byte as FreeSWITCH writes them.
 *
 * <p>Thread-safe to configure and inspect from the test thread; sessions run on the server's context.
 */
public final class ScriptedEslServer {
  private record Rule(String prefix, BiConsumer<EslRequest, Session> action) {}

  private final String password;
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final List<Session> sessions = new CopyOnWriteArrayList<>();
  private volatile Consumer<Session> onConnect = s -> s.write(EslFrameWriter.authRequest());
  private NetServer server;

  public ScriptedEslServer(String password) {
    this.password = password;
  }

  public Future<ScriptedEslServer> listen(Vertx vertx) {
    server = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0));
    server.connectHandler(socket -> {
      Session s = new Session(socket);
      sessions.add(s);
      onConnect.accept(s);
    });
    return server.listen().map(x -> this);
  }

  /** Answers requests whose line starts with {@code prefix}; the latest matching rule wins. */
  public ScriptedEslServer on(String prefix, BiConsumer<EslRequest, Session> action) {
    rules.add(new Rule(prefix, action));
    return this;
  }

  /** Replaces the greeting (default: {@code auth/request}). */
  public ScriptedEslServer onConnect(Consumer<Session> action) {
    onConnect = action;
    return this;
  }

  public int port() {
    return server.actualPort();
  }

  public List<Session> sessions() {
    return List.copyOf(sessions);
  }

  /** The command lines every session received, in order (auth shown as {@code auth ***}). */
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    sessions.forEach(s -> s.requests().forEach(r -> out.add(r.line().startsWith("auth ") ? "auth ***" : r.line())));
    return out;
  }

  public Future<Void> close() {
    return server.close();
  }

  private void answer(EslRequest r, Session s) {
    for (int i = rules.size() - 1; i >= 0; i--) {
      if (r.line().startsWith(rules.get(i).prefix())) {
        rules.get(i).action().accept(r, s);
        return;
      }
    }
    String verb = r.verb();
    if (verb.equals("auth")) {
      if (r.argument().equals(password)) {
        s.reply("+OK accepted");
      } else {
        s.reply("-ERR invalid");
        s.close();
      }
    } else if (verb.equals("event")) {
      s.reply("+OK event listener enabled plain");
    } else if (verb.equals("filter")) {
      String[] w = r.argument().split(" ", 2);
      s.reply("+OK filter added. [" + w[0] + "]=[" + (w.length > 1 ? w[1] : "") + "]");
    } else if (verb.equals("api")) {
      s.write(EslFrameWriter.apiResponse(r.argument().equals("status") ? "UP 0 years\nFreeSWITCH is ready\n" : "+OK\n"));
    } else if (verb.equals("bgapi")) {
      String job = r.header("Job-UUID") != null ? r.header("Job-UUID") : UUID.randomUUID().toString();
      s.write(EslFrameWriter.commandReply("+OK Job-UUID: " + job, "Job-UUID", job));
      s.write(EslFrameWriter.eventPlain(EslHeaders.of("Event-Name", "BACKGROUND_JOB", "Job-UUID", job,
          "Job-Command", r.argument()), "+OK done\n"));
    } else if (verb.equals("sendevent")) {
      s.reply("+OK " + UUID.randomUUID());
    } else if (verb.equals("exit")) {
      s.reply("+OK bye");
      s.write(EslFrameWriter.goodbyeNotice());
      s.close();
    } else {
      s.reply("-ERR command not found");
    }
  }

  /** One client connection. */
  public final class Session {
    private final NetSocket socket;
    private final List<EslRequest> requests = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    Session(NetSocket socket) {
      this.socket = socket;
      socket.handler(new EslRequestParser(r -> {
        requests.add(r);
        answer(r, this);
      }, e -> {
        errors.add(e.getMessage());
        close();
      }));
      socket.closeHandler(v -> closed = true);
    }

    public List<EslRequest> requests() {
      return List.copyOf(requests);
    }

    /** Lines of the requests, in order. */
    public List<String> lines() {
      return requests.stream().map(EslRequest::line).toList();
    }

    public List<String> parseErrors() {
      return List.copyOf(errors);
    }

    public boolean isClosed() {
      return closed;
    }

    public void reply(String replyText) {
      write(EslFrameWriter.commandReply(replyText));
    }

    public void write(byte[] bytes) {
      socket.write(Buffer.buffer(bytes));
    }

    public void write(String text) {
      write(text.getBytes(StandardCharsets.UTF_8));
    }

    public void close() {
      socket.close();
    }
  }
}
