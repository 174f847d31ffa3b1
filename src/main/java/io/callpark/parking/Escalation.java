package io.callpark.parking;

import java.time.Duration;
import java.util.List;

/**
 * A lot's escalation settings: its chain of steps and the "you are still holding" prompt.
 *
 * @param steps the chain; empty = the default built from the lot's parking time, recall time and
 *     fallback ({@link Lot#chain()})
 * @param holdingPrompt what the parked caller hears every {@code holdingEvery}, over the music; null = never
 * @param holdingEvery interval of the holding prompt; zero = never
 */
public record Escalation(List<EscalationStep> steps, String holdingPrompt, Duration holdingEvery) {
  /** No chain of its own (the default one) and no holding prompt. */
  public static final Escalation DEFAULT = new Escalation(List.of(), null, Duration.ZERO);

  public Escalation {
    steps = List.copyOf(steps);
    if (holdingEvery == null || holdingEvery.isNegative()) {
      throw new IllegalArgumentException("holdingEvery must be zero or positive");
    }
    if (!steps.isEmpty() && steps.get(0).after().compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("the first escalation step must wait at least 1s: the chain starts over from it");
    }
    for (int i = 0; i + 1 < steps.size(); i++) {
      if (steps.get(i).handsOn()) {
        throw new IllegalArgumentException("step " + (i + 1) + " (" + steps.get(i).name() + ") hands the caller on: "
            + "nothing may follow it");
      }
    }
  }

  /** True when the caller hears a periodic holding prompt. */
  public boolean holdingPromptOn() {
    return holdingPrompt != null && !holdingEvery.isZero();
  }
}
