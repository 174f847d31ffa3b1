package io.callpark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callpark.management.ManagementOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code management: {host, port}} section of callpark.yaml. */
class ManagementConfigTest {
  private final ConfigLoader loader = new ConfigLoader(Map.of("FS1_PW", "s3cret")::get);

  private CallparkConfig parse(String yaml) {
    return loader.parse("callpark.yaml", yaml, null);
  }

  @Test
  void leftOutTheListenerIsOnLoopbackPort9090() {
    assertThat(parse("defaultLot: default\n").management()).isEqualTo(new ManagementOptions("127.0.0.1", 9090));
    assertThat(loader.embeddedDefault().management()).isEqualTo(ManagementOptions.DEFAULT);
  }

  @Test
  void hostAndPortAreRead() {
    assertThat(parse("management: {host: 10.0.0.5, port: 9191}\n").management())
        .isEqualTo(new ManagementOptions("10.0.0.5", 9191));
  }

  @Test
  void badValuesNameTheKeyAndTheValue() {
    assertThatThrownBy(() -> parse("management: {port: 70000}\n")).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("callpark.yaml: management.port:").hasMessageContaining("70000");
    assertThatThrownBy(() -> parse("management: {port: nine}\n")).hasMessageContaining("management.port")
        .hasMessageContaining("whole number");
    assertThatThrownBy(() -> parse("management: {host: \"a b\"}\n")).hasMessageContaining("management.host")
        .hasMessageContaining("'a b'");
    assertThatThrownBy(() -> parse("management: {bind: 127.0.0.1}\n"))
        .hasMessageContaining("management.bind: unknown key");
    assertThatThrownBy(() -> parse("management: 9090\n")).hasMessageContaining("management: must be a map");
  }

  @Test
  void theOutboundPortCannotAlsoBeTheManagementPort() {
    assertThatThrownBy(() -> parse("node: {outbound: {port: 9000}}\nmanagement: {port: 9000}\n"))
        .hasMessageContaining("management.port").hasMessageContaining("outbound");
  }

  @Test
  void theCliReadsOnlyTheManagementSectionSoNoPasswordIsNeeded(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("callpark.yaml");
    Files.writeString(file, "boxes:\n  - {id: fs1, passwordEnv: NOT_SET_HERE}\nmanagement: {port: 9393}\n");
    assertThat(new ConfigLoader(Map.<String, String>of()::get).loadManagement(file).port()).isEqualTo(9393);
    assertThatThrownBy(() -> new ConfigLoader(Map.<String, String>of()::get).load(file))
        .hasMessageContaining("NOT_SET_HERE");
    Files.writeString(file, "management: {port: -1}\n");
    assertThatThrownBy(() -> loader.loadManagement(file)).hasMessageContaining(file + ": management.port");
    assertThatThrownBy(() -> loader.loadManagement(dir.resolve("missing.yaml"))).hasMessageContaining("cannot be read");
  }

  @Test
  void theExampleFileSetsTheDefaults() {
    CallparkConfig example = new ConfigLoader(Map.of("CALLPARK_FS1_PASSWORD", "pw")::get).load(Path.of("callpark.yaml"));
    assertThat(example.management()).isEqualTo(ManagementOptions.DEFAULT);
  }
}
