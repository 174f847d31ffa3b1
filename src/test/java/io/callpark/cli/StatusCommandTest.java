package io.callpark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callpark.node.RunningNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code callpark status} against the management listener of a node in this process. */
class StatusCommandTest {
  private RunningNode n;

  @BeforeEach
  void create() throws Exception {
    n = new RunningNode(); // management listener up, node not started yet
  }

  @AfterEach
  void close() throws Exception {
    n.close();
  }

  private String url() {
    return "http://" + n.managementAddress();
  }

  @Test
  void aReadyNodeExitsZeroAndShowsItsChecksMembersBoxesAndParkedCallsPerLot() throws Exception {
    n.startNode();
    n.call("5900", "Alice", "1000");
    await().until(() -> n.parkedCount() == 1);
    await().until(() -> Cli.run("status", "--url", url()).exitCode() == ExitCode.OK);

    Cli.Run r = Cli.run("status", "--url", url());
    assertThat(r.exitCode()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).startsWith("node node1: ready")
        .contains("outbound").contains("cluster").contains("boxes")
        .contains("members: node1").contains("boxes:   fs1 connected")
        .contains("parked:  1 call(s) cluster-wide")
        .containsPattern("default\\s+6001-6010\\s+10\\s+1");
  }

  @Test
  void aNodeThatAnswersButIsNotReadyExitsFourAndSaysWhichChecksFailed() {
    Cli.Run r = Cli.run("status", "--url", url());
    assertThat(r.exitCode()).isEqualTo(ExitCode.NOT_READY);
    assertThat(r.out()).startsWith("node node1: NOT READY (").contains("outbound").contains("boxes")
        .containsPattern("outbound\\s+FAIL");
  }

  @Test
  void jsonPrintsTheNodesDocumentAndKeepsTheReadinessExitCode() throws Exception {
    Cli.Run notReady = Cli.run("status", "--json", "--url", url());
    assertThat(notReady.exitCode()).isEqualTo(ExitCode.NOT_READY);
    JsonNode doc = new ObjectMapper().readTree(notReady.out());
    assertThat(doc.path("ready").asBoolean(true)).isFalse();
    assertThat(doc.path("node").asText()).isEqualTo("node1");

    n.startNode();
    await().atMost(Duration.ofSeconds(10)).until(() -> Cli.run("status", "--json", "--url", url()).exitCode() == 0);
    assertThat(new ObjectMapper().readTree(Cli.run("status", "--json", "--url", url()).out()).path("ready").asBoolean())
        .isTrue();
  }

  @Test
  void theManagementAddressIsTakenFromTheConfigFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path file = dir.resolve("callpark.yaml");
    java.nio.file.Files.writeString(file, "management:\n  host: 127.0.0.1\n  port: " + n.managementPort() + "\n");
    Cli.Run r = Cli.run("status", "--config", file.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCode.NOT_READY);
    assertThat(r.out()).startsWith("node node1: NOT READY");
  }
}
