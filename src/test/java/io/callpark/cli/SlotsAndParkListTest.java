package io.callpark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callpark.node.RunningNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code callpark slots} and {@code park-list} against a node in this process with two parked callers. */
class SlotsAndParkListTest {
  private RunningNode n;
  private String alice;

  @BeforeEach
  void parkTwo() throws Exception {
    n = new RunningNode().startNode();
    alice = n.call("5900", "Alice", "1000");
    await().until(() -> n.parkedCount() == 1);
    n.clock.advance(Duration.ofSeconds(45)); // parkingTime is 60 s
    n.call("5900", "Bob\tthe\u001b[2Jbuilder", "1002");
    await().until(() -> n.parkedCount() == 2);
  }

  @AfterEach
  void close() throws Exception {
    n.close();
  }

  private String url() {
    return "http://" + n.managementAddress();
  }

  @Test
  void slotsListsEverySlotOfTheLotFreeOnesIncludedWithWhoIsParked() {
    Cli.Run r = Cli.run("slots", "--url", url());
    assertThat(r.exitCode()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).startsWith("LOT").contains("SLOT", "STATE", "CALLER", "PARKER", "WAITING", "NODE", "BOX");
    assertThat(lines.stream().filter(l -> l.startsWith("default")).count()).isEqualTo(10); // 6001-6010
    assertThat(lines).anySatisfy(l -> assertThat(l).containsPattern(
        "^default\\s+6001\\s+PARKED\\s+Alice <1000>\\s+\\S+\\s+45s\\s+node1\\s+fs1$"));
    assertThat(lines).anySatisfy(l -> assertThat(l).matches("^default\\s+6003\\s+free$"));
    assertThat(r.out()).contains("2 parked call(s), 0 reservation(s)");
  }

  @Test
  void parkListPrintsOneTabSeparatedLinePerParkedCallWithControlCharactersBlanked() {
    Cli.Run r = Cli.run("park-list", "--url", url());
    assertThat(r.exitCode()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).isEqualTo("lot\tslot\tcaller\tparker\twaiting_s\tnode\tstate");
    String[] a = lines.get(1).split("\t", -1);
    assertThat(a).hasSize(7);
    assertThat(a[0]).isEqualTo("default");
    assertThat(a[1]).isEqualTo("6001");
    assertThat(a[2]).isEqualTo("Alice <1000>");
    assertThat(a[4]).isEqualTo("45");
    assertThat(a[5]).isEqualTo("node1");
    assertThat(a[6]).isEqualTo("PARKED");
    String[] b = lines.get(2).split("\t", -1);
    assertThat(b).hasSize(7);
    assertThat(b[2]).isEqualTo("Bob the [2Jbuilder <1002>");
    assertThat(b[4]).isEqualTo("0");

    assertThat(Cli.run("park-list", "--no-header", "--url", url()).out().lines()).hasSize(2)
        .allSatisfy(l -> assertThat(l).startsWith("default\t600"));
  }

  @Test
  void jsonOutputsParseAsTheNodesDocuments() throws Exception {
    ObjectMapper json = new ObjectMapper();
    Cli.Run slots = Cli.run("slots", "--json", "--url", url());
    assertThat(slots.exitCode()).isZero();
    JsonNode doc = json.readTree(slots.out());
    assertThat(doc.path("slots")).hasSize(2);
    assertThat(doc.path("lots").get(0).path("slots").asText()).isEqualTo("6001-6010");

    Cli.Run list = Cli.run("park-list", "--json", "--url", url());
    assertThat(list.exitCode()).isZero();
    JsonNode calls = json.readTree(list.out());
    assertThat(calls.isArray()).isTrue();
    assertThat(calls).hasSize(2);
    assertThat(calls.get(0).path("callUuid").asText()).isEqualTo(alice);
    assertThat(calls.get(0).path("waitingSeconds").asLong()).isEqualTo(45);
  }
}
