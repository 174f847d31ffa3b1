package io.callpark.sim;

import java.util.UUID;

/**
 * Moves a channel to another extension (switch_ivr_session_transfer), for the {@code transfer} application
 * and {@code uuid_transfer}: running applications end (a parked call: CHANNEL_UNPARK, COMPLETE
 * {@code park}; a held call: CHANNEL_UNPARK, COMPLETE {@code socket} — the controller's connection stays
 * attached, fact 52), a bridge is broken, the caller profile gets the new destination (old one as RDNIS)
 * and {@code transfer_source}/{@code transfer_history} ({@code <epoch>:<uuid>:bl_xfer:<ext>/<ctx>/XML}),
 * CHANNEL_STATE CS_ROUTING then CS_EXECUTE, and the new extension runs.
 *
 * <p>Not thread-safe: runs on the box's context.
 */
final class Transfers {
  /**
   * Transfers one channel may make before it is hung up: a dialplan that loops (every node down, the
   * resume extension handing the call back to the same dead socket list) ends instead of spinning.
   */
  static final int MAX_TRANSFERS = 100;
  private final SimBox box;

  Transfers(SimBox box) {
    this.box = box;
  }

  void transfer(FakeChannel ch, String extension, String context) {
    if (!ch.up()) {
      return;
    }
    if (++ch.transfers > MAX_TRANSFERS) {
      box.router().log(3, "switch_ivr.c", "switch_ivr_session_transfer", 2000, ch.uuid,
          "Transfer loop: " + ch.name + " transferred " + MAX_TRANSFERS + " times, hanging up");
      box.hangups().hangup(ch, "EXCHANGE_ROUTING_ERROR", AppCall.Interrupt.HANGUP);
      return;
    }
    ch.dialplanGeneration++;
    box.apps().interruptAll(ch, AppCall.Interrupt.TRANSFER);
    box.bridging().breakBridge(ch);
    long now = box.clock().nowMicros();
    String ctx = context == null || context.isBlank() ? ch.profile.context : context;
    String source = (now / 1_000_000) + ":" + UUID.randomUUID() + ":bl_xfer:" + extension + "/" + ctx + "/XML";
    ch.setVar("max_forwards", "70");
    ch.setVar("transfer_history", source);
    ch.setVar("transfer_source", source);
    ch.profile.rdnis = ch.profile.destination;
    ch.profile.destination = extension;
    ch.profile.context = ctx;
    ch.profile.transferSource = source;
    ch.profile.profileIndex++;
    ch.profile.profileCreatedMicros = now;
    ch.transferMicros = now;
    ch.enterState(ChannelState.CS_ROUTING);
    ch.enterState(ChannelState.CS_EXECUTE);
    DialplanRunner.start(box, ch);
  }
}
