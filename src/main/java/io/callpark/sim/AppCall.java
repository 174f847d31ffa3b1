package io.callpark.sim;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One running application on a channel: name, data, {@code Application-UUID} (the controller's
 * {@code Event-UUID}, fact 49), whether it holds {@code event-lock} (fact 50), and how it ends.
 *
 * <p>An application finishes exactly once, with an {@code Application-Response} and what the dialplan should
 * do next. Interruptions go to the handler the application registered; without one it finishes with
 * {@code _none_}. {@code uuid_break} only reaches applications that registered a break handler.
 *
 * <p>Not thread-safe: confined to the box's context.
 */
final class AppCall {
  /** Why a running application is being ended from outside. */
  enum Interrupt {
    /** The call hung up (caller, uuid_kill, bridge partner): playback reports PLAYBACK ERROR. */
    HANGUP,
    /** The controller sent {@code sendmsg hangup}: playback reports FILE PLAYED (outbound_esl_session). */
    CONTROLLER_HANGUP,
    /** uuid_bridge / bridge took the channel. */
    BRIDGE,
    /** transfer / uuid_transfer moved the channel to another extension. */
    TRANSFER,
    /** The controller died and socket_resume cuts what it was running (fact 57). */
    RESUME
  }

  /** What the dialplan does after the application finished. */
  enum Next { CONTINUE, HANGUP, STOP }

  final FakeChannel channel;
  final String app;
  final String data;
  final String appUuid;
  final boolean eventLock;
  private BiConsumer<String, Next> completion;
  private Consumer<Interrupt> interruptHandler;
  private Runnable breakHandler;
  private boolean finished;

  AppCall(FakeChannel channel, String app, String data, String appUuid, boolean eventLock) {
    this.channel = channel;
    this.app = app;
    this.data = data == null ? "" : data;
    this.appUuid = appUuid;
    this.eventLock = eventLock;
  }

  void completion(BiConsumer<String, Next> completion) {
    this.completion = completion;
  }

  void onInterrupt(Consumer<Interrupt> handler) {
    this.interruptHandler = handler;
  }

  void onBreak(Runnable handler) {
    this.breakHandler = handler;
  }

  boolean finished() {
    return finished;
  }

  boolean breakable() {
    return breakHandler != null && !finished;
  }

  SimBox box() {
    return channel.box;
  }

  void finish(String response) {
    finish(response, Next.CONTINUE);
  }

  void finish(String response, Next next) {
    if (finished) {
      return;
    }
    finished = true;
    completion.accept(response, next);
  }

  void interrupt(Interrupt why) {
    if (finished) {
      return;
    }
    if (interruptHandler != null) {
      interruptHandler.accept(why);
    } else {
      finish("_none_", Next.STOP);
    }
  }

  void breakIt() {
    if (breakable()) {
      breakHandler.run();
    }
  }

  @Override
  public String toString() {
    return app + (data.isEmpty() ? "" : "(" + data + ")");
  }
}
