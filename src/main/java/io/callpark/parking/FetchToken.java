package io.callpark.parking;

/**
 * What a one-time fetch token allows (docs/parking.md, "Retrieve from another box"): the fetch leg
 * that presents it may take exactly this parked call out of this slot, on the box it is parked on,
 * for a retriever on {@code fromBox}, until {@code expiresAtMillis}. Kept in
 * {@link io.callpark.parking.store.FetchTokens} under the token itself, which never appears here.
 *
 * @param lot lot of the slot
 * @param slot the slot
 * @param callUuid the parked channel the retriever saw in the slot
 * @param version that record's version when the token was issued (for the log: the fetch side takes the
 *     record if it still names {@code callUuid}, whatever happened to it meanwhile, e.g. an adoption)
 * @param fromBox the retriever's box: the fetch leg must come from its SIP address
 * @param toBox the box the call is parked on: the fetch leg must arrive there
 * @param expiresAtMillis after this instant (injected clock) the token is worthless
 */
public record FetchToken(String lot, String slot, String callUuid, long version, String fromBox, String toBox,
    long expiresAtMillis) {

  public FetchToken {
    if (lot == null || slot == null || callUuid == null || fromBox == null || toBox == null) {
      throw new IllegalArgumentException("a fetch token names a lot, a slot, a call and both boxes");
    }
  }

  public boolean expiredAt(long nowMillis) {
    return nowMillis >= expiresAtMillis;
  }
}
