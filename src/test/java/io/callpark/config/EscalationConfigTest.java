package io.callpark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callpark.parking.EscalationStep;
import io.callpark.parking.Lot;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A lot's escalation chain and holding prompt in callpark.yaml, and every way to get them wrong. */
class EscalationConfigTest {
  private final ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get);

  private Lot lot(String lotYaml) {
    return loader.parse("callpark.yaml", "lots:\n  - name: a\n    slots: 6001-6010\n" + lotYaml, null).lots().get("a");
  }

  private static String chain(String... steps) {
    StringBuilder sb = new StringBuilder("    escalation:\n");
    for (String s : steps) {
      sb.append("      - ").append(s).append('\n');
    }
    return sb.toString();
  }

  @Test
  void aFullChainLoadsWithItsDefaultsFilledIn() {
    Lot lot = lot("    parkingTime: 45s\n    recallTime: 15s\n"
        + "    holdingPrompt: ivr/ivr-thank_you_for_holding.wav\n    holdingEvery: 40s\n"
        + chain("remind: {every: 20s, times: 2}", "recall: {}", "ring: {target: \"2000\", ringFor: 25s}",
            "queue: {name: support, after: 5s}"));
    assertThat(lot.chain()).containsExactly(
        new EscalationStep.Remind(Duration.ofSeconds(45), Duration.ofSeconds(20), 2, EscalationReader.DEFAULT_REMIND_PROMPT),
        new EscalationStep.Recall(Duration.ZERO, Duration.ofSeconds(15)),
        new EscalationStep.Ring(Duration.ZERO, "2000", Duration.ofSeconds(25)),
        new EscalationStep.Queue(Duration.ofSeconds(5), "support"));
    assertThat(lot.firstWait()).isEqualTo(Duration.ofSeconds(45));
    assertThat(lot.escalation().holdingPrompt()).isEqualTo("ivr/ivr-thank_you_for_holding.wav");
    assertThat(lot.escalation().holdingEvery()).isEqualTo(Duration.ofSeconds(40));
  }

  @Test
  void theExampleFileAtTheRepoRootLoadsWithItsChain() {
    CallparkConfig example = new ConfigLoader(Map.of("CALLPARK_FS1_PASSWORD", "pw")::get)
        .load(java.nio.file.Path.of("callpark.yaml"));
    assertThat(example.lots().get("sales").chain()).extracting(EscalationStep::name)
        .containsExactly("remind", "recall", "ring", "voicemail");
    assertThat(example.lots().get("default").chain()).extracting(EscalationStep::name).containsExactly("recall");
  }

  @Test
  void withoutAChainTheLotRecallsThenUsesItsFallbackOrGoesBackIntoTheSlot() {
    assertThat(lot("    parkingTime: 30s\n    fallback: operator\n").chain()).containsExactly(
        new EscalationStep.Recall(Duration.ofSeconds(30), Duration.ofSeconds(20)),
        new EscalationStep.Transfer(Duration.ZERO, "operator"));
    assertThat(lot("").chain()).containsExactly(new EscalationStep.Recall(Duration.ofSeconds(60), Duration.ofSeconds(20)));
    assertThat(lot("").escalation().holdingPromptOn()).isFalse();
  }

  @Test
  void aStepAfterOneThatHandsTheCallerOnCouldNeverRun() {
    assertThatThrownBy(() -> lot(chain("voicemail: {}", "recall: {}")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("callpark.yaml: lots[0].escalation[1]:")
        .hasMessageContaining("after a 'voicemail' step");
  }

  @Test
  void eachItemIsExactlyOneKnownStep() {
    assertThatThrownBy(() -> lot(chain("recal: {}")))
        .hasMessageContaining("lots[0].escalation[0]").hasMessageContaining("[recal]");
    assertThatThrownBy(() -> lot(chain("{recall: {}, ring: {target: \"1\"}}")))
        .hasMessageContaining("exactly one of the keys");
    assertThatThrownBy(() -> lot(chain("recall: {ringFr: 5s}")))
        .hasMessageContaining("lots[0].escalation[0].recall.ringFr: unknown key");
    assertThatThrownBy(() -> lot("    escalation: []\n")).hasMessageContaining("lists no step");
  }

  @Test
  void hostileValuesAreRefusedWithTheKeyNamed() {
    assertThatThrownBy(() -> lot(chain("ring: {ringFor: 5s}")))
        .hasMessageContaining("lots[0].escalation[0].ring.target: is required");
    assertThatThrownBy(() -> lot(chain("ring: {target: \"2000\\r\\nEvent-Name: HEARTBEAT\"}")))
        .hasMessageContaining("lots[0].escalation[0].ring.target");
    assertThatThrownBy(() -> lot(chain("queue: {name: \"sup port\"}")))
        .hasMessageContaining("lots[0].escalation[0].queue.name").hasMessageContaining("'sup port'");
    assertThatThrownBy(() -> lot(chain("remind: {times: 1000000}")))
        .hasMessageContaining("lots[0].escalation[0].remind.times");
    assertThatThrownBy(() -> lot(chain("recall: {after: -5s}")))
        .hasMessageContaining("lots[0].escalation[0].recall.after");
    assertThatThrownBy(() -> lot(chain("recall: {after: 0s}")))
        .hasMessageContaining("the first step must wait at least 1s");
    assertThatThrownBy(() -> lot(chain("hangup: {prompt: \"a b.wav\"}")))
        .hasMessageContaining("lots[0].escalation[0].hangup.prompt");
  }

  @Test
  void fallbackAndAChainTogetherAreAmbiguous() {
    assertThatThrownBy(() -> lot("    fallback: operator\n" + chain("recall: {}")))
        .hasMessageContaining("lots[0].fallback").hasMessageContaining("transfer step");
  }

  @Test
  void aHoldingPromptNeedsItsIntervalAndTheIntervalItsPrompt() {
    assertThatThrownBy(() -> lot("    holdingEvery: 30s\n")).hasMessageContaining("lots[0].holdingEvery: needs holdingPrompt");
    assertThatThrownBy(() -> lot("    holdingPrompt: x.wav\n")).hasMessageContaining("lots[0].holdingPrompt: needs holdingEvery");
    assertThatThrownBy(() -> lot("    holdingPrompt: x.wav\n    holdingEvery: 1s\n"))
        .hasMessageContaining("lots[0].holdingEvery");
  }
}
