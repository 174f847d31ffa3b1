package io.callpark.config;

import io.callpark.parking.Escalation;
import io.callpark.parking.EscalationStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a lot's {@code escalation} list, {@code holdingPrompt} and {@code holdingEvery} (docs/escalation.md).
 * Each list item is a map with exactly one key, the step's name, holding that step's settings:
 *
 * <pre>
 * escalation:
 *   - remind: {after: 60s, every: 30s, times: 2}
 *   - recall: {ringFor: 20s}
 *   - ring: {target: "2000", ringFor: 30s}
 *   - voicemail: {}            # the parker's mailbox
 * </pre>
 *
 * A step that hands the caller on (queue, voicemail, transfer, hangup) must be the last one: anything
 * after it could never run. Stateless.
 */
final class EscalationReader {
  static final List<String> STEPS = List.of("remind", "recall", "ring", "queue", "voicemail", "transfer", "hangup");
  static final String DEFAULT_REMIND_PROMPT = "tone_stream://%(200,100,1400);loops=3";
  static final String DEFAULT_HANGUP_PROMPT = "tone_stream://%(500,500,480,620);loops=3";
  private static final Duration MAX_WAIT = Duration.ofHours(24);

  private EscalationReader() {}

  /**
   * @param parkingTime the lot's parking time: the first step's default wait
   * @param recallTime the lot's recall time: the default ring time
   */
  static Escalation read(Node lot, Duration parkingTime, Duration recallTime, boolean hasFallback) {
    Node list = lot.get("escalation");
    List<EscalationStep> steps = new ArrayList<>();
    for (Node item : list.list()) {
      if (!steps.isEmpty() && steps.get(steps.size() - 1).handsOn()) {
        throw item.error("comes after a '" + steps.get(steps.size() - 1).name()
            + "' step, which hands the caller on: it could never run");
      }
      EscalationStep step = step(item, steps.isEmpty() ? parkingTime : Duration.ZERO, recallTime);
      if (steps.isEmpty() && step.after().compareTo(Duration.ofSeconds(1)) < 0) {
        throw item.error("the first step must wait at least 1s (after): the chain starts over from it");
      }
      steps.add(step);
    }
    if (!list.isMissing() && steps.isEmpty()) {
      throw list.error("lists no step (leave it out for the default: recall, then fallback or back to the slot)");
    }
    if (!steps.isEmpty() && hasFallback) {
      throw lot.get("fallback").error("cannot be combined with escalation: end the chain with a transfer step instead");
    }
    Node every = lot.get("holdingEvery");
    Duration interval = every.isMissing() || "0".equals(every.text(null)) ? Duration.ZERO
        : every.duration(Duration.ZERO, Duration.ofSeconds(10), Duration.ofHours(1));
    String prompt = lot.get("holdingPrompt").isMissing() ? null : ConfigLoader.media(lot.get("holdingPrompt"), null);
    if (prompt == null && !interval.isZero()) {
      throw every.error("needs holdingPrompt: what the caller hears every " + every.text(null));
    }
    if (prompt != null && interval.isZero()) {
      throw lot.get("holdingPrompt").error("needs holdingEvery (10s-1h): how often the caller hears it");
    }
    return new Escalation(steps, prompt, interval);
  }

  private static EscalationStep step(Node item, Duration defaultAfter, Duration recallTime) {
    List<String> keys = item.keys();
    if (keys.size() != 1 || !STEPS.contains(keys.get(0))) {
      throw item.error("must be one step: a map with exactly one of the keys " + STEPS + ", got " + keys);
    }
    String name = keys.get(0);
    Node n = item.get(name);
    Duration after = n.get("after").duration(defaultAfter, Duration.ZERO, MAX_WAIT);
    switch (name) {
      case "remind": {
        n.only("after", "every", "times", "prompt");
        return new EscalationStep.Remind(after,
            n.get("every").duration(Duration.ofSeconds(30), Duration.ofSeconds(5), MAX_WAIT),
            n.get("times").integer(1, 1, 20),
            ConfigLoader.media(n.get("prompt"), DEFAULT_REMIND_PROMPT));
      }
      case "recall": {
        n.only("after", "ringFor");
        return new EscalationStep.Recall(after, ringFor(n, recallTime));
      }
      case "ring": {
        n.only("after", "target", "ringFor");
        return new EscalationStep.Ring(after, required(n.get("target"), "the extension to ring, e.g. \"2000\""),
            ringFor(n, recallTime));
      }
      case "queue": {
        n.only("after", "name");
        return new EscalationStep.Queue(after, required(n.get("name"), "the queue's name, e.g. support"));
      }
      case "voicemail": {
        n.only("after", "mailbox");
        return new EscalationStep.Voicemail(after, ConfigLoader.extension(n.get("mailbox"), null));
      }
      case "transfer": {
        n.only("after", "extension");
        return new EscalationStep.Transfer(after, required(n.get("extension"), "the extension, e.g. operator"));
      }
      default: {
        n.only("after", "prompt");
        return new EscalationStep.Hangup(after, ConfigLoader.media(n.get("prompt"), DEFAULT_HANGUP_PROMPT));
      }
    }
  }

  private static Duration ringFor(Node n, Duration def) {
    return n.get("ringFor").duration(def, Duration.ofSeconds(5), Duration.ofMinutes(10));
  }

  private static String required(Node n, String what) {
    if (n.isMissing()) {
      throw n.error("is required: " + what);
    }
    return ConfigLoader.extension(n, null);
  }
}
