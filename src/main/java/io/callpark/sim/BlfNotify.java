package io.callpark.sim;

/**
 * A dialog-info NOTIFY the simulated sofia sent to a phone subscribed to a park lamp
 * ({@link FakeFreeSwitch#subscribeBlf}): what a BLF key shows.
 *
 * <p>Immutable; thread-safe.
 *
 * @param subscriber the phone, {@code 1001@127.0.0.1}
 * @param entity what it subscribed to, {@code park+6001@127.0.0.1}
 * @param subCallId the SUBSCRIBE's Call-ID (the probe's {@code sub-call-id})
 * @param version the dialog-info version, 0 for the NOTIFY right after the SUBSCRIBE, +1 per NOTIFY
 * @param state {@code confirmed} (steady lamp), {@code early} (blinking) or {@code terminated} (dark)
 * @param body the {@code application/dialog-info+xml} body, as sofia renders it (blf_valet_sip)
 * @param nanoTime when it was rendered ({@code System.nanoTime})
 */
public record BlfNotify(String subscriber, String entity, String subCallId, int version, String state, String body,
    long nanoTime) {}
