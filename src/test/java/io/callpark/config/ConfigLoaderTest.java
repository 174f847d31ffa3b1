package io.callpark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callpark.parking.Lot;
import io.callpark.presence.PresenceOptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
  private final ConfigLoader loader = new ConfigLoader(Map.of("FS1_PW", "s3cret")::get);

  private CallparkConfig parse(String yaml) {
    return loader.parse("callpark.yaml", yaml, null);
  }

  @Test
  void aFullFileLoadsWithItsLotsBoxesAndTimers() {
    CallparkConfig c = parse("""
        node:
          id: n2
          outbound: {host: 127.0.0.1, port: 9084, allowedPeers: [127.0.0.1]}
        boxes:
          - {id: fs1, host: 127.0.0.1, port: 8021, domain: pbx.example, passwordEnv: FS1_PW}
        lots:
          - name: sales
            slots: 7001-7010
            allocation: round-robin
            parkingTime: 45s
            recallTime: 15s
            occupied: next-free
            retrieveAccess: [1000-1099]
            fallback: "1000"
        """);
    assertThat(c.nodeId()).isEqualTo("n2");
    assertThat(c.outbound().port()).isEqualTo(9084);
    assertThat(c.boxes()).singleElement().satisfies(b -> {
      assertThat(b.options().password()).isEqualTo("s3cret");
      assertThat(b.options().toString()).doesNotContain("s3cret");
      assertThat(b.domain()).isEqualTo("pbx.example");
    });
    Lot sales = c.lots().get("sales");
    assertThat(sales.allocation()).isEqualTo(Lot.Allocation.ROUND_ROBIN);
    assertThat(sales.parkingTime()).isEqualTo(Duration.ofSeconds(45));
    assertThat(sales.occupied()).isEqualTo(Lot.OccupiedPolicy.NEXT_FREE);
    assertThat(sales.retrieveAccess().allows("1050")).isTrue();
    assertThat(sales.fallback()).isEqualTo("1000");
    assertThat(c.defaultLot()).isEqualTo("sales");
  }

  @Test
  void errorsNameTheFileTheKeyAndTheProblem() {
    assertThatThrownBy(() -> parse("lots:\n  - {name: a, slots: 6001-6010, parkingTime: -5s}\n"))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("callpark.yaml: lots[0].parkingTime:");
    assertThatThrownBy(() -> parse("lots:\n  - {name: a, slots: 1-99999999}\n"))
        .hasMessageContaining("lots[0].slots").hasMessageContaining("more than");
    assertThatThrownBy(() -> parse("lots:\n  - {name: a, slots: 6001-6010, occupied: merge}\n"))
        .hasMessageContaining("lots[0].occupied").hasMessageContaining("'merge'");
    assertThatThrownBy(() -> parse("node:\n  outbound: {port: 70000}\n"))
        .hasMessageContaining("node.outbound.port").hasMessageContaining("70000");
  }

  @Test
  void aTypoInAKeyIsAnErrorNotASilentDefault() {
    assertThatThrownBy(() -> parse("lots:\n  - {name: a, slots: 6001-6010, parkingTme: 5s}\n"))
        .hasMessageContaining("lots[0].parkingTme: unknown key");
  }

  @Test
  void passwordsNeverComeFromTheFileItself() {
    assertThatThrownBy(() -> parse("boxes:\n  - {id: fs1, password: ClueCon}\n"))
        .hasMessageContaining("boxes[0].password: unknown key");
    assertThatThrownBy(() -> parse("boxes:\n  - {id: fs1}\n")).hasMessageContaining("passwordEnv");
    assertThatThrownBy(() -> parse("boxes:\n  - {id: fs1, passwordEnv: UNSET_VAR}\n"))
        .hasMessageContaining("UNSET_VAR is not set");
  }

  @Test
  void overlappingLotsAndUnknownDefaultLotAreRefused() {
    assertThatThrownBy(() -> parse("lots:\n  - {name: a, slots: 6001-6010}\n  - {name: b, slots: 6005-6020}\n"))
        .hasMessageContaining("share slots");
    assertThatThrownBy(() -> parse("defaultLot: nope\n")).hasMessageContaining("defaultLot").hasMessageContaining("'nope'");
  }

  @Test
  void notYamlAtAllIsAClearError() {
    assertThatThrownBy(() -> parse("lots: [unclosed")).hasMessageStartingWith("callpark.yaml: (file): is not valid YAML");
  }

  @Test
  void theEmbeddedDefaultIsOneNodeOneBoxOneLot() {
    CallparkConfig c = loader.embeddedDefault();
    assertThat(c.outbound().host()).isEqualTo("127.0.0.1");
    assertThat(c.outbound().port()).isEqualTo(8084);
    assertThat(c.boxes()).hasSize(1);
    assertThat(c.lots()).containsOnlyKeys("default");
  }

  @Test
  void eachBoxHasTheSipAddressOtherBoxesFetchParkedCallsFrom() {
    CallparkConfig c = parse("""
        boxes:
          - {id: fs1, host: 10.0.0.1, passwordEnv: FS1_PW}
          - {id: fs2, host: 10.0.0.2, passwordEnv: FS1_PW, sipAddress: "10.0.1.2:5080", sipPrefix: sofia/external}
          - {id: fs3, host: fs3.example, passwordEnv: FS1_PW, sipAddress: "[fd00::3]"}
          - {id: fs4, host: fs4.example, passwordEnv: FS1_PW}
        """);
    assertThat(c.boxes()).extracting(b -> b.sip() == null ? null : b.sip().address())
        .containsExactly("10.0.0.1:5060", "10.0.1.2:5080", "[fd00::3]:5060", null);
    assertThat(c.boxes().get(1).sip().dialPrefix()).isEqualTo("sofia/external");
    assertThat(c.boxes().get(0).sip().fetchTarget(c.boxes().get(1).sip(), "6001"))
        .isEqualTo("sofia/external/fetch+6001@10.0.0.1:5060");
  }

  @Test
  void twoBoxesDefaultingToOneSipAddressGetNoneButSayingSoTwiceIsAnError() {
    CallparkConfig c = parse("""
        boxes:
          - {id: fs1, port: 8021, passwordEnv: FS1_PW}
          - {id: fs2, port: 8022, passwordEnv: FS1_PW}
        """);
    assertThat(c.boxes()).allSatisfy(b -> assertThat(b.sip()).isNull());
    assertThatThrownBy(() -> parse("""
        boxes:
          - {id: fs1, port: 8021, passwordEnv: FS1_PW, sipAddress: "127.0.0.1:5060"}
          - {id: fs2, port: 8022, passwordEnv: FS1_PW, sipAddress: "127.0.0.1"}
        """)).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("callpark.yaml: boxes[1].sipAddress:").hasMessageContaining("box 'fs1'");
  }

  @Test
  void aBadSipAddressOrPrefixIsAnErrorNamingTheBoxKey() {
    String box = "boxes:\n  - {id: fs1, passwordEnv: FS1_PW, %s}\n";
    assertThatThrownBy(() -> parse(box.formatted("sipAddress: \"pbx.example:5060\"")))
        .hasMessageStartingWith("callpark.yaml: boxes[0].sipAddress:").hasMessageContaining("IP address")
        .hasMessageContaining("'pbx.example'");
    assertThatThrownBy(() -> parse(box.formatted("sipAddress: \"10.0.0.2:99999\"")))
        .hasMessageStartingWith("callpark.yaml: boxes[0].sipAddress:").hasMessageContaining("99999");
    assertThatThrownBy(() -> parse(box.formatted("sipAddress: \"10.0.0.2:sip\"")))
        .hasMessageStartingWith("callpark.yaml: boxes[0].sipAddress:").hasMessageContaining("IP:port");
    assertThatThrownBy(() -> parse(box.formatted("sipAddress: \"[fd00::2:5060\"")))
        .hasMessageStartingWith("callpark.yaml: boxes[0].sipAddress:").hasMessageContaining("']'");
    assertThatThrownBy(() -> parse(box.formatted("sipPrefix: \"sofia/internal}{x=y\"")))
        .hasMessageStartingWith("callpark.yaml: boxes[0].sipPrefix:").hasMessageContaining("sofia/internal");
  }

  @Test
  void presenceSettingsLoadAndDefaultWhenLeftOut() {
    CallparkConfig c = parse("presence:\n  recallLamp: held\n  reconcileEvery: 2m\n  reconcileRate: 500\n");
    assertThat(c.presence()).isEqualTo(new PresenceOptions(PresenceOptions.RecallLamp.HELD, Duration.ofMinutes(2), 500));
    assertThat(parse("presence:\n  reconcileEvery: 0\n").presence().reconcileEvery()).isZero();
    assertThat(parse("node: {id: n1}\n").presence()).isEqualTo(PresenceOptions.DEFAULT);
  }

  @Test
  void badPresenceSettingsNameTheirKey() {
    assertThatThrownBy(() -> parse("presence:\n  reconcileEvery: 5s\n"))
        .hasMessageStartingWith("callpark.yaml: presence.reconcileEvery:").hasMessageContaining("at least 10 s");
    assertThatThrownBy(() -> parse("presence:\n  reconcileEvery: 48h\n"))
        .hasMessageStartingWith("callpark.yaml: presence.reconcileEvery:");
    assertThatThrownBy(() -> parse("presence:\n  reconcileRate: 5\n"))
        .hasMessageStartingWith("callpark.yaml: presence.reconcileRate:").hasMessageContaining("between 10 and 100000");
    assertThatThrownBy(() -> parse("presence:\n  recallLamp: blink\n"))
        .hasMessageContaining("presence.recallLamp").hasMessageContaining("'blink'");
    assertThatThrownBy(() -> parse("presence:\n  lamps: on\n"))
        .hasMessageContaining("presence.lamps").hasMessageContaining("unknown key");
  }

  @Test
  void theExampleFileAtTheRepositoryRootLoadsWithTheDefaultPresence() {
    CallparkConfig c = new ConfigLoader(Map.of("CALLPARK_FS1_PASSWORD", "x")::get).load(java.nio.file.Path.of("callpark.yaml"));
    assertThat(c.presence()).isEqualTo(PresenceOptions.DEFAULT);
  }
}
