package io.callpark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Config written to hurt (docs/security.md): each is refused with the file, the key and the problem,
 * never a stack trace, a hang, an out-of-memory or a password in the message.
 */
class HostileConfigTest {
  private static final String SECRET = "s3cr\net-Pa55";
  private final ConfigLoader loader = new ConfigLoader(Map.of("PW_WITH_NEWLINE", SECRET, "OK_PW", "fine")::get);
  @TempDir
  Path dir;

  private CallparkConfig parse(String yaml) {
    return loader.parse("callpark.yaml", yaml, dir);
  }

  @Test
  void aYamlAliasBombIsRefusedWithoutBeingExpanded() {
    // Ten levels of ten aliases would be 10^10 strings if expanded; the YAML reader keeps aliases as
    // references, so this returns at once with the first unknown key.
    StringBuilder y = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (char c = 'b'; c <= 'k'; c++) {
      char prev = (char) (c - 1);
      y.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 10; i++) {
        y.append(i == 0 ? "" : ", ").append('*').append(prev);
      }
      y.append("]\n");
    }
    assertThatThrownBy(() -> parse(y.toString())).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("callpark.yaml: a: unknown key");
  }

  @Test
  void aFileOfMegabytesIsRefusedBeforeItIsRead() throws Exception {
    Path big = dir.resolve("callpark.yaml");
    Files.write(big, new byte[(int) ConfigLoader.MAX_FILE_BYTES + 1]);
    assertThatThrownBy(() -> loader.load(big)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("(file): is " + (ConfigLoader.MAX_FILE_BYTES + 1) + " bytes");
  }

  @Test
  void deeplyNestedYamlIsAnErrorNotAStackOverflow() {
    String deep = "node: " + "[".repeat(5000) + "]".repeat(5000) + "\n";
    assertThatThrownBy(() -> parse(deep)).isInstanceOf(ConfigException.class).hasMessageContaining("callpark.yaml");
  }

  @Test
  void hugeRangesNegativeTimersAndLineBreaksAreRefusedNamingTheKey() {
    assertThatThrownBy(() -> parse("lots:\n  - {name: a, slots: 0-2147483647}\n")).hasMessageContaining("lots[0].slots");
    assertThatThrownBy(() -> parse("lots:\n  - {name: a, slots: 6001-6010, recallTime: -1s}\n"))
        .hasMessageContaining("lots[0].recallTime");
    assertThatThrownBy(() -> parse("lots:\n  - {name: a, slots: 6001-6010, parkingTime: 99999999h}\n"))
        .hasMessageContaining("lots[0].parkingTime");
    assertThatThrownBy(() -> parse("lots:\n  - {name: \"a\\r\\nEvent-Name: x\", slots: 6001-6010}\n"))
        .hasMessageContaining("lots[0].name");
    assertThatThrownBy(() -> parse("node:\n  timerPeriod: 0ms\n")).hasMessageContaining("node.timerPeriod");
    assertThatThrownBy(() -> parse("node:\n  outbound: {port: -1}\n")).hasMessageContaining("node.outbound.port");
    assertThatThrownBy(() -> parse("node:\n  dialplan: {context: \"default XML evil\"}\n"))
        .hasMessageContaining("node.dialplan.context");
    assertThatThrownBy(() -> parse("lots: {name: a}\n")).hasMessageContaining("lots: must be a list");
  }

  @Test
  void aPasswordWithALineBreakIsRefusedWithoutShowingIt() {
    String yaml = "boxes:\n  - {id: fs1, passwordEnv: PW_WITH_NEWLINE}\n";
    assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("boxes[0].passwordEnv").hasMessageContaining("line break")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr").doesNotContain("Pa55"));
  }

  @Test
  void aPasswordFileThatIsNotOneLineIsRefusedWithoutShowingIt() throws Exception {
    Files.writeString(dir.resolve("big.password"), "x".repeat(5000));
    assertThatThrownBy(() -> parse("boxes:\n  - {id: fs1, passwordFile: big.password}\n"))
        .hasMessageContaining("boxes[0].passwordFile").hasMessageContaining("not a password file");
    Files.writeString(dir.resolve("two.password"), "line-one\nline-two\n");
    assertThatThrownBy(() -> parse("boxes:\n  - {id: fs1, passwordFile: two.password}\n"))
        .hasMessageContaining("boxes[0].passwordFile").hasMessageContaining("line break")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("line-one"));
  }
}
