package io.callpark.demo;

import io.callpark.parking.ParkEvent;

/** One park event as a sentence for the demo and the log. Stateless. */
final class PlainWords {
  private PlainWords() {}

  static String of(ParkEvent e) {
    String who = e.callerIdName() == null ? "the caller" : e.callerIdName();
    String slot = e.lot() + "/" + e.slot();
    switch (e.type()) {
      case PARKED: return who + " is parked in " + slot + " and hears music on hold (" + e.detail() + ")";
      case RETRIEVED: return who + " was picked up from " + slot + " " + e.detail();
      case ABANDONED: return who + " left " + slot + ": " + e.detail();
      case TIMEOUT: return who + " waited too long in " + slot;
      case RECALL_RINGING: return "recall for " + slot + ": " + e.detail();
      case REMIND: return "reminding the parker of " + who + " in " + slot + ": " + e.detail();
      case ESCALATED: return who + " in " + slot + " is escalated: " + e.detail();
      case RING_ANSWERED: return e.detail() + " answered and is now talking to " + who;
      case RING_FAILED: return "ringing for " + slot + " failed: " + e.detail();
      case GAVE_UP: return who + " was given up on and hung up: " + e.detail();
      case RECALL_ANSWERED: return "the parker answered the recall and is now talking to " + who;
      case RECALL_FAILED: return "recall for " + slot + " failed: " + e.detail();
      case FALLBACK: return who + " goes to the fallback " + e.detail();
      case REFUSED: return who + " was not parked: " + e.detail() + " (and was bridged to nobody)";
      case RESERVED: return slot + " is held: " + e.detail();
      case RELEASED: return slot + " is free again: " + e.detail();
      default: return e.type().wireName() + " " + slot;
    }
  }
}
