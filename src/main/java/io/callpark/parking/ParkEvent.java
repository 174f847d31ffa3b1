package io.callpark.parking;

/**
 * Something that happened to a slot, for FreeSWITCH listeners ({@code callpark::info}), the log, and
 * later the API and board.
 *
 * @param type what happened
 * @param lot lot name
 * @param slot slot
 * @param callUuid the parked call
 * @param otherUuid the retriever's or recall leg's UUID, when there is one
 * @param callerIdName parked caller's name (sanitised before it reaches a socket)
 * @param detail free text for the log ("recall not answered: NO_ANSWER")
 * @param atMillis when, by the injected clock
 * @param parkedAtMillis when the call took its slot (the record's {@code parkedAtMillis}); 0 when no record
 *     is involved (a refused park). Retrieval events minus this give the time parked (park statistics).
 * @param by who took the call out of park, for retrieval events: the retriever's extension, the
 *     answering parker or ring target; null otherwise or when unknown
 */
public record ParkEvent(Type type, String lot, String slot, String callUuid, String otherUuid, String callerIdName,
    String detail, long atMillis, long parkedAtMillis, String by) {

  /** An event about no particular parked record (a refusal): no park time, no retriever. */
  public ParkEvent(Type type, String lot, String slot, String callUuid, String otherUuid, String callerIdName,
      String detail, long atMillis) {
    this(type, lot, slot, callUuid, otherUuid, callerIdName, detail, atMillis, 0, null);
  }

  /** Event kinds; {@link #valetAction()} maps them onto valet_parking::info's Action header. */
  public enum Type {
    PARKED("hold"),
    RETRIEVED("bridge"),
    ABANDONED("exit"),
    TIMEOUT("exit"),
    /** The parker's phone is ringing (escalation step {@code recall}). */
    RECALL_RINGING("recall"),
    RECALL_ANSWERED("bridge"),
    RECALL_FAILED("recall-failed"),
    /** A reminder call to the parker (step {@code remind}); the caller stays parked. */
    REMIND("remind"),
    /** An escalation step began; the detail names it ("ring 2000", "queue support"). */
    ESCALATED("escalate"),
    /** The {@code ring} step's target answered and is bridged to the caller. */
    RING_ANSWERED("bridge"),
    /** The {@code ring} step's target did not answer (or could not be rung). */
    RING_FAILED("ring-failed"),
    /** The caller left park for an escalation step's destination (extension, queue, voicemail). */
    FALLBACK("exit"),
    /** The chain ended in {@code hangup}: the caller heard the prompt and was hung up. */
    GAVE_UP("exit"),
    REFUSED("refused"),
    /** An operator hung the parked caller up (the API's hangup: {@code uuid_kill <uuid> MANAGER_REQUEST}). */
    HUNG_UP("exit"),
    RESERVED("reserve"),
    RELEASED("exit");

    private final String valetAction;

    Type(String valetAction) {
      this.valetAction = valetAction;
    }

    /** valet_parking::info's Action (hold / bridge / exit, fact 59-60), or our own word for new kinds. */
    public String valetAction() {
      return valetAction;
    }

    /** Hangup cause an operator's hangup is sent with ({@code uuid_kill <uuid> MANAGER_REQUEST}). */
    public static final String OPERATOR_CAUSE = "MANAGER_REQUEST";

    /** A parked caller's hangup: {@link #HUNG_UP} when an operator did it ({@link #OPERATOR_CAUSE}), else {@link #ABANDONED}. */
    public static Type hangupOf(String cause) {
      return OPERATOR_CAUSE.equals(cause) ? HUNG_UP : ABANDONED;
    }

    /** The {@code Callpark-Event} header value: parked, retrieved, recall-answered ... */
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }
}
