package io.callpark.sim;

import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code socket host:port[|host:port...] async full} application (mod_event_socket.c socket_function):
 * dials the targets in order — a refused one costs only the failed attempt (fact 16, 58) — and holds the
 * call for the controller. The first {@code sendmsg} fires CHANNEL_PARK (fact 49). The application returns
 * — CHANNEL_UNPARK, CHANNEL_EXECUTE_COMPLETE {@code socket} with the last application's response — when
 * the call is transferred or bridged away (the connection stays attached, fact 52), hung up, or the
 * controller goes away:
 * <ul>
 *   <li>with {@code socket_resume=true} (or the {@code resume} command) what runs is cut and the dialplan
 *       continues after {@code socket}, variables kept (fact 17, 57);</li>
 *   <li>without it, a running application keeps running uncontrolled and the call is hung up when it ends
 *       (fact 55); an idle call is hung up NORMAL_CLEARING at once (fact 56).</li>
 * </ul>
 * If no target accepts, the application returns and the dialplan goes on.
 *
 * <p>Not thread-safe: confined to the box's context.
 */
final class SocketApp {
  private static final Logger log = LoggerFactory.getLogger(SocketApp.class);

  private record Target(String host, int port) {}

  private final AppCall call;
  private final FakeChannel ch;
  private final SimBox box;
  private OutboundConnection conn;
  private boolean parked;
  private boolean released;
  private boolean awaitingIdle;

  SocketApp(AppCall call) {
    this.call = call;
    this.ch = call.channel;
    this.box = call.box();
  }

  void start() {
    ch.socketApp = this;
    call.onInterrupt(why -> release(AppCall.Next.STOP));
    List<Target> targets = parse(call.data);
    long delay = box.policy().outboundConnectDelayMillis();
    if (delay > 0) {
      box.vertx().setTimer(delay, id -> connect(targets, 0));
    } else {
      connect(targets, 0);
    }
  }

  /** Held by a live controller right now. */
  boolean holding() {
    return !released && conn != null && conn.isOpen();
  }

  private void connect(List<Target> targets, int i) {
    if (released || !ch.up()) {
      return;
    }
    if (i >= targets.size()) {
      log.info("{} socket: no target accepted {}", ch.name, call.data);
      // On the next turn, as the switch's session thread would: a dialplan that loops back to this socket
      // while every node is down must not recurse through it.
      box.vertx().runOnContext(v -> release(AppCall.Next.CONTINUE));
      return;
    }
    Target t = targets.get(i);
    ch.setVar("socket_host", t.host);
    box.netClient().connect(t.port, t.host).onComplete(ar -> {
      if (ar.failed()) {
        log.debug("{} socket {}:{} failed: {}", ch.name, t.host, t.port, ar.cause().toString());
        connect(targets, i + 1);
        return;
      }
      NetSocket ns = ar.result();
      if (released || !ch.up()) {
        ns.close();
        return;
      }
      conn = new OutboundConnection(box, ns, ch, this);
      ch.controllers.add(conn);
      box.addListener(conn);
      conn.start();
      box.publish(ch);
    });
  }

  /** A sendmsg reached the held channel: the park loop starts on the first one. */
  void sendmsgArrived() {
    if (!parked && !released) {
      parked = true;
      ch.fire("CHANNEL_PARK", Src.PARK, true);
    }
  }

  /** The controller's connection closed (FIN, RST, exit, or our own close after hangup). */
  void controllerGone(OutboundConnection c) {
    box.publish(ch);
    if (released || c != conn || !ch.up()) {
      return;
    }
    boolean resume = c.resume || "true".equalsIgnoreCase(ch.var("socket_resume"));
    if (resume) {
      box.apps().interruptAbove(ch, call, AppCall.Interrupt.RESUME);
      release(AppCall.Next.CONTINUE);
    } else if (ch.topApp() != call) {
      awaitingIdle = true;
    } else {
      release(AppCall.Next.HANGUP);
    }
  }

  /** An application nested in the socket finished; an orphaned call ends when nothing runs any more. */
  void appFinished() {
    if (awaitingIdle && !released && ch.topApp() == call) {
      awaitingIdle = false;
      release(AppCall.Next.HANGUP);
    }
  }

  private void release(AppCall.Next next) {
    if (released) {
      return;
    }
    released = true;
    if (parked) {
      ch.fire("CHANNEL_UNPARK", Src.UNPARK, true);
    }
    if (ch.socketApp == this) {
      ch.socketApp = null;
    }
    call.finish(ch.lastAppResponse, next);
    box.publish(ch);
  }

  private static List<Target> parse(String data) {
    String first = data.trim().split(" +")[0];
    List<Target> out = new ArrayList<>();
    for (String hp : first.split("\\|")) {
      if (hp.isBlank()) {
        continue;
      }
      int colon = hp.lastIndexOf(':');
      String host = colon < 0 ? hp : hp.substring(0, colon);
      int port = 8084;
      if (colon >= 0) {
        try {
          port = Integer.parseInt(hp.substring(colon + 1).replaceAll("/.*", ""));
        } catch (NumberFormatException e) {
          port = 8084;
        }
      }
      out.add(new Target(host, port));
    }
    return out;
  }
}
