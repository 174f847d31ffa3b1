package io.callpark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callpark.parking.Lot;
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
}
