package io.callpark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --help} and the arguments the client commands refuse before asking anyone (exit 2). */
class CommandLineTest {
  @Test
  void helpNamesEveryCommandAndEveryExitCode() {
    Cli.Run r = Cli.run("--help");
    assertThat(r.exitCode()).isZero();
    for (String command : new String[] {"node", "demo", "status", "slots", "park-list"}) {
      assertThat(r.out()).containsPattern("(?m)^\\s+" + command + "\\s+\\S");
    }
    assertThat(r.out()).contains("Exit codes:").contains("  0  ok").contains("  1  other failure")
        .contains("  2  bad arguments").contains("  3  node unreachable").contains("  4  status: the node answered");
  }

  @Test
  void eachClientCommandsHelpExplainsItAndItsOptionsAndExitCodes() {
    for (String command : new String[] {"status", "slots", "park-list"}) {
      Cli.Run r = Cli.run(command, "--help");
      assertThat(r.exitCode()).as(command).isZero();
      assertThat(r.out()).as(command).contains("--url").contains("--config").contains("--json").contains("--timeout")
          .contains("Exit codes:").contains("  3  node unreachable");
    }
    assertThat(Cli.run("status", "--help").out()).contains("  4  status");
  }

  @Test
  void aUrlThatIsNotAnHttpAddressExitsTwoNamingIt() {
    for (String bad : new String[] {"ftp://127.0.0.1:9090", "127.0.0.1:9090", "http://", "http://h:1/?q=1", "http://a b"}) {
      Cli.Run r = Cli.run("status", "--url", bad);
      assertThat(r.exitCode()).as(bad).isEqualTo(ExitCode.USAGE);
      assertThat(r.err()).as(bad).contains("--url").contains("'" + bad + "'");
    }
  }

  @Test
  void aLongBadUrlIsQuotedTruncated() {
    String bad = "gopher://" + "x".repeat(300);
    Cli.Run r = Cli.run("slots", "--url", bad);
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("gopher://xxx").contains("...'").doesNotContain("x".repeat(200));
  }

  @Test
  void aTimeoutThatIsNotADurationUpToAMinuteExitsTwo() {
    for (String bad : new String[] {"5", "0s", "2m", "61s", "fast"}) {
      Cli.Run r = Cli.run("status", "--timeout", bad);
      assertThat(r.exitCode()).as(bad).isEqualTo(ExitCode.USAGE);
      assertThat(r.err()).as(bad).contains("--timeout").contains("'" + bad + "'");
    }
  }

  @Test
  void aBadOrMissingConfigFileExitsTwoNamingTheFileAndKey(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("callpark.yaml");
    Files.writeString(file, "management:\n  port: 99999\n");
    Cli.Run bad = Cli.run("status", "--config", file.toString());
    assertThat(bad.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(bad.err()).startsWith("callpark: " + file + ": management.port");

    Cli.Run missing = Cli.run("park-list", "--config", dir.resolve("nope.yaml").toString());
    assertThat(missing.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(missing.err()).contains("nope.yaml").contains("cannot be read");
  }

  @Test
  void aConfigWhoseManagementPortIsAnyFreePortExitsTwoAskingForUrl(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("callpark.yaml");
    Files.writeString(file, "management:\n  port: 0\n");
    Cli.Run r = Cli.run("slots", "--config", file.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("management.port is 0").contains("--url");
  }

  @Test
  void aWildcardBindAddressIsReachedOnLoopback() {
    assertThat(NodeAddress.connectHost("0.0.0.0")).isEqualTo("127.0.0.1");
    assertThat(NodeAddress.connectHost("::")).isEqualTo("[::1]");
    assertThat(NodeAddress.connectHost("fd00::5")).isEqualTo("[fd00::5]");
    assertThat(NodeAddress.connectHost("10.0.0.7")).isEqualTo("10.0.0.7");
  }
}
