package io.callpark.parking;

/** What a manual escalation did ({@link ParkingService#escalate}). */
public sealed interface EscalateResult {
  /** The step the caller was at ran now, or the ringing step was given up and the chain moved on. */
  record Escalated(String slotKey, String step) implements EscalateResult {}

  /** The slot holds no parked caller. */
  record NotParked(String lot, String slot) implements EscalateResult {}

  /** No lot by that name. */
  record UnknownLot(String lot) implements EscalateResult {}

  /** The record changed while escalating (retrieved, hung up, a deadline fired): nothing done twice. */
  record Raced(String slotKey) implements EscalateResult {}
}
