package io.callpark.sim;

import io.callpark.esl.codec.EslFrameWriter;
import io.callpark.esl.codec.EslProtocolException;
import io.callpark.esl.codec.EslRequest;
import io.callpark.esl.codec.EslRequestParser;
import io.vertx.core.Future;
import io.vertx.core.net.NetSocket;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event-socket connection, like mod_event_socket's {@code listener_t}: reads commands with the
 * codec's {@link EslRequestParser}, records them, hands them to the {@link CommandDispatcher}, and writes
 * replies, events (through its {@link Subscription}) and log lines. {@link InboundConnection} is a client
 * that dialled the box; {@link OutboundConnection} is the box dialling a controller for a channel.
 *
 * <p>Not thread-safe: confined to the box's context.
 */
abstract class Listener {
  private static final Logger log = LoggerFactory.getLogger(Listener.class);
  private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);

  final long id;
  final SimBox box;
  final SimSocket socket;
  final Subscription sub = new Subscription();
  final String remote;
  /** {@code System.nanoTime()} when the TCP connection was established (accepted, or connected by the box). */
  final long openedNanos;
  boolean authed;
  /** Log level from {@code log <level>}, or -1 when not logging; set through {@link #logLevel(int)}. */
  int logLevel = -1;
  /** After a disconnect notice nothing else is written (the linger/close path). */
  boolean silenced;
  private boolean open = true;
  private boolean busy;
  private final ArrayDeque<EslRequest> waiting = new ArrayDeque<>();

  Listener(SimBox box, NetSocket ns) {
    this.openedNanos = System.nanoTime();
    this.id = box.nextConnectionId();
    this.box = box;
    this.socket = new SimSocket(box.vertx(), ns, box.policy());
    this.remote = String.valueOf(ns.remoteAddress());
  }

  abstract ConnectionInfo.Kind kind();

  /** The channel this connection controls (outbound) or null. */
  abstract FakeChannel session();

  /** Wires the socket: parser in, close handling. */
  void start() {
    EslRequestParser parser = new EslRequestParser(this::onRequest, this::onProtocolError);
    NetSocket ns = socket.raw();
    ns.handler(parser);
    ns.closeHandler(v -> closed());
    ns.exceptionHandler(e -> log.debug("connection {} failed: {}", id, e.toString()));
  }

  private void onRequest(EslRequest request) {
    if (!open) {
      return;
    }
    box.record(this, request);
    if (box.policy().frozen()) {
      return;
    }
    if (busy) {
      waiting.addLast(request);
      return;
    }
    run(request);
  }

  /**
   * One command at a time, as mod_event_socket's listener thread: while one is still working (an originate
   * waiting for its answer) the next ones wait.
   */
  private void run(EslRequest request) {
    Future<Void> done = box.commands().dispatch(this, request);
    if (done.isComplete()) {
      return;
    }
    busy = true;
    done.onComplete(x -> {
      busy = false;
      while (!busy && !waiting.isEmpty() && open) {
        run(waiting.pollFirst());
      }
    });
  }

  private void onProtocolError(EslProtocolException e) {
    log.warn("connection {} sent something that is not a command, closing: {}", id, e.getMessage());
    socket.abort();
    closed();
  }

  boolean isOpen() {
    return open && !socket.closed();
  }

  void reply(String replyText, String... extraHeaders) {
    socket.send(EslFrameWriter.commandReply(replyText, extraHeaders), SimSocket.Kind.REPLY);
  }

  void apiResponse(String body) {
    socket.send(EslFrameWriter.apiResponse(body), SimSocket.Kind.REPLY);
  }

  void sendRaw(byte[] bytes) {
    socket.send(bytes, SimSocket.Kind.OTHER);
  }

  /** {@code log <level>} (or -1 for {@code nolog}), telling the box whether to send this connection log lines. */
  void logLevel(int level) {
    logLevel = level;
    box.loggingChanged(this, level >= 0);
  }

  /** {@code myevents}: ties the subscription, and on success the box's event routing, to channel {@code uuid}. */
  String myevents(String uuid, EventFormat fmt) {
    String reply = sub.myevents(uuid, fmt);
    if (reply.startsWith("+OK")) {
      box.tieListener(this, uuid);
    }
    return reply;
  }

  void deliver(EncodedEvent e) {
    if (!open || silenced || box.policy().frozen() || !sub.matches(e.event)) {
      return;
    }
    socket.send(e.frame(sub.format), SimSocket.Kind.EVENT);
  }

  void deliverLog(int level, String file, String func, int line, String channelUuid, String message) {
    if (!open || silenced || logLevel < 0 || level > logLevel || box.policy().frozen()) {
      return;
    }
    String stamp = LOG_TIME.format(box.clock().now().atZone(box.config().zone));
    String text = stamp + " 99.50% [" + levelName(level) + "] " + file + ":" + line + " " + message + "\n";
    socket.send(SimFrames.logData(level, file, func, line, channelUuid, text), SimSocket.Kind.EVENT);
  }

  /** {@code exit} and failed auth: goodbye notice, then close (mod_event_socket listener_run's end). */
  void goodbye() {
    FakeChannel s = session();
    sendRaw(s != null ? EslFrameWriter.disconnectNotice(s.uuid) : EslFrameWriter.goodbyeNotice());
    silenced = true;
    socket.closeGracefully();
  }

  /** Drops the TCP connection at once, without a notice. */
  void abort() {
    socket.abort();
    closed();
  }

  /** Runs once when the socket is gone, whoever closed it. */
  void closed() {
    if (!open) {
      return;
    }
    open = false;
    socket.markClosed();
    box.removeListener(this);
    onClosed();
  }

  /** Subclass hook: what the box does when this connection goes away. */
  protected void onClosed() {}

  ConnectionInfo info() {
    FakeChannel s = session();
    return new ConnectionInfo(id, kind(), s == null ? null : s.uuid, remote, authed, isOpen(), openedNanos);
  }

  static String levelName(int level) {
    switch (level) {
      case 0: return "CONSOLE";
      case 1: return "ALERT";
      case 2: return "CRIT";
      case 3: return "ERR";
      case 4: return "WARNING";
      case 5: return "NOTICE";
      case 6: return "INFO";
      default: return "DEBUG";
    }
  }

  /** switch_log_str2level: a name or a number 0..7; -1 when invalid. */
  static int parseLevel(String s) {
    if (s == null || s.isBlank()) {
      return 7;
    }
    String t = s.trim();
    if (t.chars().allMatch(Character::isDigit)) {
      int n = Integer.parseInt(t);
      return n <= 7 ? n : 7;
    }
    switch (t.toUpperCase(Locale.ROOT)) {
      case "CONSOLE": return 0;
      case "ALERT": return 1;
      case "CRIT": return 2;
      case "ERR": case "ERROR": return 3;
      case "WARNING": return 4;
      case "NOTICE": return 5;
      case "INFO": return 6;
      case "DEBUG": return 7;
      default: return -1;
    }
  }
}
