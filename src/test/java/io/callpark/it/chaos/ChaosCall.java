package io.callpark.it.chaos;

import io.callpark.sim.ChannelSnapshot;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * One call the chaos load placed, as its box showed it: every snapshot of the channel is fed to
 * {@link #observe} (from the box's event loop), which keeps what the checks need — whether it was ever
 * parked (carried {@code callpark_slot}), the slot it claims now, everyone it was bridged to, whether
 * the load hung it up. Thread-safe (synchronized).
 */
public final class ChaosCall {
  /** What the caller came to do. */
  public enum Role {
    /** Parks in {@code default} (no timeout), then is retrieved or hangs up. */
    PARKS,
    /** Parks in {@code recall} (3 s), its parker answers the recall. */
    PARKS_TIMED,
    /** Parks in {@code recall}, its parker is busy: the chain starts over until the caller hangs up. */
    PARKS_TIMED_BUSY_PARKER,
    /** Dials {@code <lot> retrieve <slot>}. */
    RETRIEVES
  }

  private final String uuid;
  private final int box;
  private final Role role;
  private final String parker;
  private ChannelSnapshot last;
  private boolean everParked;
  private String everLot;
  private String everSlot;
  private final Set<String> partners = new LinkedHashSet<>();
  private boolean hungUpByLoad;
  private String retriever;

  public ChaosCall(String uuid, int box, Role role, String parker) {
    this.uuid = uuid;
    this.box = box;
    this.role = role;
    this.parker = parker;
  }

  public String uuid() {
    return uuid;
  }

  public int box() {
    return box;
  }

  public Role role() {
    return role;
  }

  public String parker() {
    return parker;
  }

  /** A new snapshot of the channel. */
  public synchronized void observe(ChannelSnapshot s) {
    last = s;
    String slot = s.variable("callpark_slot");
    if (slot != null && !s.ended()) {
      everParked = true;
      everLot = s.variable("callpark_lot");
      everSlot = slot;
    }
    if (s.bridgedTo() != null) {
      partners.add(s.bridgedTo());
    }
  }

  /** {@code lot/slot} while the channel is up, carries a slot and is bridged to nobody; else empty. */
  public synchronized Optional<String> claim() {
    if (last == null || last.ended() || last.bridgedTo() != null) {
      return Optional.empty();
    }
    String lot = last.variable("callpark_lot");
    String slot = last.variable("callpark_slot");
    return lot == null || slot == null ? Optional.empty() : Optional.of(lot + "/" + slot);
  }

  /** The slot it claims or last claimed ({@code lot/slot}), if it was ever parked. */
  public synchronized Optional<String> lastSlot() {
    return everParked ? Optional.of(everLot + "/" + everSlot) : Optional.empty();
  }

  public synchronized boolean everParked() {
    return everParked;
  }

  public synchronized Optional<ChannelSnapshot> last() {
    return Optional.ofNullable(last);
  }

  public synchronized boolean ended() {
    return last != null && last.ended();
  }

  public synchronized Set<String> partners() {
    return Set.copyOf(partners);
  }

  public synchronized boolean bridged() {
    return !partners.isEmpty();
  }

  /** The load is about to hang it up (a caller giving up, or a conversation over). */
  public synchronized void hungUpByLoad() {
    hungUpByLoad = true;
  }

  public synchronized boolean wasHungUpByLoad() {
    return hungUpByLoad;
  }

  /** The retriever the load sent for this call (the last one). */
  public synchronized void retriever(String uuid) {
    retriever = uuid;
  }

  public synchronized String retriever() {
    return retriever;
  }

  @Override
  public synchronized String toString() {
    return role + " " + uuid + " on fs" + box + (everParked ? " slot " + everLot + "/" + everSlot : "")
        + (last == null ? "" : " app=" + last.application() + " controlled=" + last.controlled()
            + " bridged=" + last.bridgedTo() + (last.ended() ? " ended " + last.hangupCause() : ""));
  }
}
