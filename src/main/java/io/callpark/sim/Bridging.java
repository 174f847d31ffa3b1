package io.callpark.sim;

import java.util.UUID;

/**
 * Joining two channels: {@code uuid_bridge <A> <B>} (the retrieval of fact 30: both held by outbound
 * sockets, the parked B's playback ends {@code PLAYBACK ERROR}, both socket applications return, B runs
 * {@code uuid_bridge}, CHANNEL_BRIDGE fires on A only), the {@code bridge} application (a new leg to a
 * {@link SimEndpoint}), and what happens when a bridged channel goes: CHANNEL_UNBRIDGE on the A side, then
 * the partner is hung up (a uuid_bridge pair, fact 31) or — if it was the one running {@code bridge} — its
 * bridge application returns and its dialplan or controller goes on.
 *
 * <p>Not thread-safe: runs on the box's context.
 */
final class Bridging {
  private final SimBox box;

  Bridging(SimBox box) {
    this.box = box;
  }

  /** The api command. A is the first uuid (gets CHANNEL_BRIDGE), B the second (the reply names it, fact 30). */
  ApiCommands.Result uuidBridge(String aUuid, String bUuid) {
    FakeChannel a = box.channel(aUuid);
    FakeChannel b = box.channel(bUuid);
    if (a == null || b == null || a == b || !a.up() || !b.up()) {
      return ApiCommands.Result.of("-ERR Invalid uuid\n");
    }
    FakeChannel unanswered = refusedPeerLeg(a) ? a : refusedPeerLeg(b) ? b : null;
    if (unanswered != null) {
      // Fact 32: bridging another box's leg before answering it made this box refuse that INVITE; the
      // other box's bridge failed with DESTINATION_OUT_OF_ORDER. (The api reply itself was not captured.)
      return new ApiCommands.Result("+OK " + b.uuid + "\n",
          () -> box.hangups().hangup(unanswered, "DESTINATION_OUT_OF_ORDER", AppCall.Interrupt.HANGUP));
    }
    return new ApiCommands.Result("+OK " + b.uuid + "\n", () -> join(a, b));
  }

  private static boolean refusedPeerLeg(FakeChannel ch) {
    return ch.fromPeerBox && !"answered".equals(ch.answerState);
  }

  /** {@code uuid_bridge}/{@code intercept} as an application: bridges its channel to the uuid in data and holds. */
  void bridgeToUuidApp(AppCall call) {
    hold(call);
    FakeChannel other = box.channel(call.data.trim());
    if (other != null && call.channel.bridgedTo == other) {
      return;
    }
    if (other == null || !other.up() || other == call.channel) {
      call.finish("_none_");
      return;
    }
    box.vertx().runOnContext(v -> join(call.channel, other));
  }

  private static void hold(AppCall call) {
    call.onInterrupt(why -> call.finish("_none_", AppCall.Next.STOP));
  }

  private void join(FakeChannel a, FakeChannel b) {
    if (!a.up() || !b.up()) {
      return;
    }
    take(b);
    take(a);
    link(a, b, "uuid_br");
    b.enterState(ChannelState.CS_HIBERNATE);
    b.enterState(ChannelState.CS_RESET);
    b.enterState(ChannelState.CS_SOFT_EXECUTE);
    box.apps().execute(b, "uuid_bridge", a.uuid, null, false, null, (r, n) -> {});
    a.enterState(ChannelState.CS_SOFT_EXECUTE);
    box.apps().execute(a, "uuid_bridge", b.uuid, null, false, null, (r, n) -> {});
    fireBridgeEvent(a, b, "CHANNEL_BRIDGE", Src.BRIDGE);
    b.enterState(ChannelState.CS_CONSUME_MEDIA);
    b.enterState(ChannelState.CS_EXCHANGE_MEDIA);
  }

  /** Ends what the channel runs (held playback: PLAYBACK ERROR; socket returns) and its old bridge. */
  private void take(FakeChannel ch) {
    ch.dialplanGeneration++;
    box.apps().interruptAll(ch, AppCall.Interrupt.BRIDGE);
    breakBridge(ch);
  }

  /** Links A (sees Other-Type originatee) and B (originator) and sets the bridge variables on both. */
  void link(FakeChannel a, FakeChannel b, String how) {
    long now = box.clock().nowMicros();
    a.bridgedTo = b;
    a.otherType = "originatee";
    b.bridgedTo = a;
    b.otherType = "originator";
    a.bridgedMicros = now;
    b.bridgedMicros = now;
    linkVars(a, b, how, now);
    linkVars(b, a, how, now);
  }

  private static void linkVars(FakeChannel ch, FakeChannel other, String how, long now) {
    ch.setVar("bridge_channel", other.name);
    ch.setVar("bridge_uuid", other.uuid);
    ch.setVar("signal_bond", other.uuid);
    ch.setVar("last_bridge_to", other.uuid);
    if ("uuid_br".equals(how)) {
      String ts = (now / 1_000_000) + ":" + UUID.randomUUID() + ":uuid_br:" + other.uuid;
      ch.setVar("transfer_history", ts);
      ch.setVar("transfer_source", ts);
    }
  }

  /** A bridged channel hung up: UNBRIDGE on the A side, then the partner's bridge app returns or it hangs up. */
  void partnerHungUp(FakeChannel ch) {
    FakeChannel peer = ch.bridgedTo;
    if (peer == null) {
      return;
    }
    unlink(ch, peer);
    if (!peer.up()) {
      return;
    }
    peer.setVar("bridge_hangup_cause", ch.hangupCause);
    peer.setVar("last_bridge_hangup_cause", ch.hangupCause);
    AppCall bridgeApp = runningBridgeApp(peer);
    if (bridgeApp != null) {
      bridgeApp.finish("_none_");
    } else {
      box.hangups().hangup(peer, "NORMAL_CLEARING", AppCall.Interrupt.HANGUP);
    }
  }

  /** Transfer or a new bridge takes a bridged channel away: the partner is treated as if this side hung up. */
  void breakBridge(FakeChannel ch) {
    FakeChannel peer = ch.bridgedTo;
    if (peer == null) {
      return;
    }
    unlink(ch, peer);
    AppCall bridgeApp = runningBridgeApp(peer);
    if (bridgeApp != null) {
      bridgeApp.finish("_none_");
    } else if (peer.up()) {
      box.hangups().hangup(peer, "NORMAL_CLEARING", AppCall.Interrupt.HANGUP);
    }
  }

  private void unlink(FakeChannel ch, FakeChannel peer) {
    FakeChannel aSide = "originatee".equals(ch.otherType) ? ch : peer;
    fireBridgeEvent(aSide, aSide == ch ? peer : ch, "CHANNEL_UNBRIDGE", Src.UNBRIDGE);
    ch.bridgedTo = null;
    ch.otherType = null;
    if (peer.bridgedTo == ch) {
      peer.bridgedTo = null;
      peer.otherType = null;
    }
    box.publish(ch);
    box.publish(peer);
  }

  /** CHANNEL_BRIDGE / CHANNEL_UNBRIDGE: fired on the A side, {@code Bridge-A/B-Unique-ID} before the channel block. */
  void fireBridgeEvent(FakeChannel a, FakeChannel b, String name, Src src) {
    box.router().fire(box.events().channelEvent(a, name, src, true,
        new String[] {"Bridge-A-Unique-ID", a.uuid, "Bridge-B-Unique-ID", b.uuid}, new String[0]));
    box.publish(a);
  }

  private static AppCall runningBridgeApp(FakeChannel ch) {
    for (AppCall a : ch.apps) {
      if (a.app.equalsIgnoreCase("bridge") && !a.finished()) {
        return a;
      }
    }
    return null;
  }

  /** The {@code bridge <dialstring>} application. */
  void bridgeApp(AppCall call) {
    new BridgeCall(box, this, call).start();
  }
}
