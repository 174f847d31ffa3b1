package io.callpark.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness's bookkeeping (no timing here: speed targets live only in BenchMain's report). */
class BenchHarnessTest {
  private static final Machine MACHINE = new Machine(2, "cpu", "os", "jvm", 1L << 31, "", "0 0 0");

  @TempDir
  Path dir;

  @Test
  void aPartialRunReplacesTheFiguresOfTheBenchmarksItRanAndKeepsTheRest() throws Exception {
    ResultsStore store = new ResultsStore(dir);
    store.write(List.of(
        entry(Figure.higher("codec.decode.events_per_s", 100, "events/s", 150_000.0, ""), "codec.decode"),
        entry(Figure.higher("codec.decode.renamed_since", 1, "x", null, ""), "codec.decode"),
        entry(Figure.lower("esl.api.rtt_p99_ms", 0.2, "ms", 1.0, "kept detail"), "esl.api.rtt")), Map.of());

    List<ResultsStore.Entry> merged = BenchMain.merge(store,
        Map.of("codec.decode", List.of(Figure.higher("codec.decode.events_per_s", 200_000, "events/s", 150_000.0, ""))),
        "2026-01-02T00:00:00Z", MACHINE.summary(), 1.0);

    assertThat(merged).extracting(e -> e.figure().name())
        .containsExactly("codec.decode.events_per_s", "esl.api.rtt_p99_ms");
    assertThat(merged.get(0).figure().value()).isEqualTo(200_000);
    assertThat(merged.get(0).measured()).isEqualTo("2026-01-02T00:00:00Z");
    assertThat(merged.get(1).measured()).as("kept with its own date").isEqualTo("2026-01-01T00:00:00Z");
    assertThat(merged.get(1).figure().detail()).isEqualTo("kept detail");
  }

  @Test
  void resultsJsonIsAListOfExactlyTheFiveFieldsWithNullForNoTarget() throws Exception {
    new ResultsStore(dir).write(List.of(
        entry(Figure.lower("codec.decode.bytes_per_event", 123, "B/event", null, "detail"), "codec.decode")), Map.of());

    JsonNode list = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
    assertThat(list.isArray()).isTrue();
    JsonNode f = list.get(0);
    assertThat(f.fieldNames()).toIterable().containsExactly("name", "value", "unit", "target", "better");
    assertThat(f.get("target").isNull()).isTrue();
    assertThat(f.get("better").asText()).isEqualTo("lower");
  }

  @Test
  void aFigureWithoutATargetIsNeitherMetNorMissed() {
    assertThat(Figure.higher("a", 1, "x", null, "").met()).isNull();
    assertThat(Figure.higher("a", 150_000, "x", 150_000.0, "").met()).isTrue();
    assertThat(Figure.lower("a", 1.2, "ms", 1.0, "").met()).isFalse();
  }

  @Test
  void percentilesAreNearestRank() {
    double[] s = {5, 1, 4, 2, 3};
    assertThat(Stats.median(s)).isEqualTo(3);
    assertThat(Stats.percentile(s, 99)).isEqualTo(5);
    assertThat(Stats.percentile(new double[] {1, 2, 3, 4}, 50)).isEqualTo(2);
  }

  @Test
  void everyCutCoversTheWholeCaptureInOrder() {
    CapturedStream s = new CapturedStream("inbound_x", new byte[3000], new int[] {1000, 1500, 500});
    for (CapturedStream.Chunking c : CapturedStream.Chunking.values()) {
      int[] b = s.boundaries(c);
      assertThat(b[0]).isZero();
      assertThat(b[b.length - 1]).isEqualTo(3000);
      assertThat(b).isSorted();
    }
    assertThat(s.boundaries(CapturedStream.Chunking.MTU_1400)).containsExactly(0, 1400, 2800, 3000);
    assertThat(s.boundaries(CapturedStream.Chunking.RECORDED)).containsExactly(0, 1000, 2500, 3000);
  }

  private static ResultsStore.Entry entry(Figure f, String benchmark) {
    return new ResultsStore.Entry(f, benchmark, "2026-01-01T00:00:00Z", MACHINE.summary(), 1.0);
  }
}
