package io.callpark.presence;

/**
 * What one node's {@link PresencePublisher} has done since it was created (for tests, benchmarks, logs).
 *
 * @param published PRESENCE_IN events handed to a box link (one per box)
 * @param probesAnswered park probes this node answered (it owns the slot or lot)
 * @param probesOfOthers park probes left to the node that owns the slot or lot
 * @param probesUnknown park probes for a slot or lot that is not configured (left unanswered)
 * @param reconcileRuns reconciles started (box connected, node left, periodic, by hand)
 * @param reconcileQueued slots and lots queued by reconciles
 * @param reconcileSkipped queued slots not sent because a newer change of theirs was already being published
 */
public record PresenceStats(long published, long probesAnswered, long probesOfOthers, long probesUnknown,
    long reconcileRuns, long reconcileQueued, long reconcileSkipped) {}
