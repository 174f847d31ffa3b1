package io.callpark.parking;

import java.time.Duration;

/**
 * One step of a lot's escalation chain (docs/escalation.md): what happens to a parked caller nobody
 * retrieves. Each step waits {@link #after()} — counted from the end of the step before it, or from
 * the moment of parking for the first — then runs once, as a conditional write of the slot record, on
 * whichever node owns the record's partition.
 *
 * <p>Steps that keep the caller in park ({@link Remind}, {@link Recall}, {@link Ring}) let the chain go
 * on; steps that hand the caller on ({@link Queue}, {@link Voicemail}, {@link Transfer}, {@link Hangup})
 * end it. A chain whose last step keeps the caller in park starts over from its first step, so a
 * caller is never left without a next deadline.
 */
public sealed interface EscalationStep {

  /** Wait before this step runs. */
  Duration after();

  /** The step's name in config, logs and the {@code Callpark-Detail} of its events. */
  String name();

  /** True when the step takes the caller out of park (the chain ends there). */
  default boolean handsOn() {
    return false;
  }

  /**
   * Rings the parker's phone with a short call whose caller ID names the slot and the caller, playing
   * {@code prompt} if answered; the caller stays parked. Runs {@code times} times, {@code every} apart.
   */
  record Remind(Duration after, Duration every, int times, String prompt) implements EscalationStep {
    public String name() {
      return "remind";
    }
  }

  /** Rings the parker for {@code ringFor}; answered → bridged to the caller; not answered → next step. */
  record Recall(Duration after, Duration ringFor) implements EscalationStep {
    public String name() {
      return "recall";
    }
  }

  /**
   * Rings {@code target} — an extension of the dialplan context, so a ring group or an operator desk
   * works as the dialplan defines it — for {@code ringFor}; answered → bridged; not answered → next step.
   */
  record Ring(Duration after, String target, Duration ringFor) implements EscalationStep {
    public String name() {
      return "ring";
    }
  }

  /** Hands the caller to a FreeSWITCH queue (freeswitch-conf's {@code callpark_queue} extension: mod_fifo). */
  record Queue(Duration after, String queue) implements EscalationStep {
    public String name() {
      return "queue";
    }

    @Override
    public boolean handsOn() {
      return true;
    }
  }

  /** Sends the caller to voicemail: {@code mailbox}, or the parker's own when null. */
  record Voicemail(Duration after, String mailbox) implements EscalationStep {
    public String name() {
      return "voicemail";
    }

    @Override
    public boolean handsOn() {
      return true;
    }
  }

  /** Transfers the caller to an extension of the dialplan context (valet_park's fallback). */
  record Transfer(Duration after, String extension) implements EscalationStep {
    public String name() {
      return "transfer";
    }

    @Override
    public boolean handsOn() {
      return true;
    }
  }

  /** Plays {@code prompt} to the caller and hangs up: the chain gave up. */
  record Hangup(Duration after, String prompt) implements EscalationStep {
    public String name() {
      return "hangup";
    }

    @Override
    public boolean handsOn() {
      return true;
    }
  }
}
