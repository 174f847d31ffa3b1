/**
 * BLF lamps: {@link io.callpark.presence.PresencePublisher} turns every change of a slot record into the
 * {@code PRESENCE_IN} mod_valet_parking would have fired ({@link io.callpark.presence.PresenceHeaders}),
 * sends it to every FreeSWITCH box, answers phones' {@code PRESENCE_PROBE}s from the cluster's state, and
 * reconciles. What the phone sees, state by state: docs/blf.md.
 */
package io.callpark.presence;
