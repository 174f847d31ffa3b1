package io.callpark.parking;

/**
 * What an operator's action ({@link OperatorActions}: park a live call, retrieve a slot to an extension,
 * hang up) did. The HTTP API maps each outcome to a status; nothing here is an exception.
 */
public sealed interface OperatorResult {
  /** Park requested: the slot is reserved for the call, which is on its way to the park extension. */
  record Reserved(SlotRecord record) implements OperatorResult {}

  /** The extension answered and is bridged to the parked caller; {@code legUuid} is its leg. */
  record Retrieved(SlotRecord record, String legUuid) implements OperatorResult {}

  /** The parked caller is being hung up; its slot is freed by the ordinary hangup path. */
  record HangingUp(SlotRecord record) implements OperatorResult {}

  /** No lot by that name. */
  record UnknownLot(String lot) implements OperatorResult {}

  /** The slot is not one of the lot's. */
  record NotInLot(String lot, String slot) implements OperatorResult {}

  /** The slot holds no parked call. */
  record SlotEmpty(String lot, String slot) implements OperatorResult {}

  /** The asked-for slot is taken. */
  record SlotOccupied(String lot, String slot) implements OperatorResult {}

  /** No free slot in the lot. */
  record LotFull(String lot) implements OperatorResult {}

  /** No connected box has a channel with that UUID. */
  record NoSuchCall(String uuid) implements OperatorResult {}

  /** The call is parked already (in {@code record}). */
  record AlreadyParked(SlotRecord record) implements OperatorResult {}

  /** The box the action needs is unknown or not connected. */
  record BoxUnavailable(String box) implements OperatorResult {}

  /** The extension did not answer (or could not be rung); the caller stays parked. */
  record NotAnswered(String extension, String cause) implements OperatorResult {}

  /** FreeSWITCH refused the command (its reply in {@code reason}); nothing changed. */
  record Failed(String reason) implements OperatorResult {}
}
