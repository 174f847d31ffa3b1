package io.callpark.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bench/results.json} — a JSON list of {@code {"name", "value", "unit", "target", "better"}},
 * {@code target} {@code null} when a figure has none — and its sidecar {@code bench/results.meta.json},
 * which says for each figure which benchmark measured it, when, on what machine, with what spread, and
 * keeps each benchmark's method notes.
 *
 * <p>Merging: a run replaces the figures of the benchmarks it ran (all of them, so a renamed figure does
 * not linger) and keeps every other figure, with its own date and machine, from the previous files.
 * Not thread-safe; used by {@link BenchMain} only.
 */
final class ResultsStore {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** A figure with where it came from. */
  record Entry(Figure figure, String benchmark, String measured, String machine, double scale) {}

  /** What a benchmark's last run said about how it measures, or why it did not. */
  record BenchmarkNote(String method, String status, String measured) {}

  private final Path results;
  private final Path meta;

  ResultsStore(Path benchDir) {
    this.results = benchDir.resolve("results.json");
    this.meta = benchDir.resolve("results.meta.json");
  }

  Path resultsFile() {
    return results;
  }

  /** The entries of the previous run, in file order; empty if there is none. */
  List<Entry> readEntries() throws IOException {
    List<Entry> out = new ArrayList<>();
    if (!Files.isRegularFile(results)) {
      return out;
    }
    JsonNode list = JSON.readTree(results.toFile());
    JsonNode figures = Files.isRegularFile(meta) ? JSON.readTree(meta.toFile()).path("figures") : JSON.createObjectNode();
    for (JsonNode f : list) {
      String name = f.path("name").asText();
      JsonNode m = figures.path(name);
      Figure figure = new Figure(name, f.path("value").asDouble(), f.path("unit").asText(),
          f.path("target").isNull() || f.path("target").isMissingNode() ? null : f.path("target").asDouble(),
          Figure.Better.fromJson(f.path("better").asText("higher")), m.path("detail").asText(""));
      out.add(new Entry(figure, m.path("benchmark").asText(""), m.path("measured").asText("unknown"),
          m.path("machine").asText("unknown"), m.path("scale").asDouble(1.0)));
    }
    return out;
  }

  Map<String, BenchmarkNote> readNotes() throws IOException {
    Map<String, BenchmarkNote> out = new LinkedHashMap<>();
    if (!Files.isRegularFile(meta)) {
      return out;
    }
    JSON.readTree(meta.toFile()).path("benchmarks").fields().forEachRemaining(e -> out.put(e.getKey(),
        new BenchmarkNote(e.getValue().path("method").asText(""), e.getValue().path("status").asText(""),
            e.getValue().path("measured").asText(""))));
    return out;
  }

  void write(List<Entry> entries, Map<String, BenchmarkNote> notes) throws IOException {
    Files.createDirectories(results.getParent());
    ArrayNode list = JSON.createArrayNode();
    ObjectNode figures = JSON.createObjectNode();
    for (Entry e : entries) {
      Figure f = e.figure();
      ObjectNode o = list.addObject();
      o.put("name", f.name());
      if (f.value() == Math.rint(f.value()) && Math.abs(f.value()) < 1e15) {
        o.put("value", (long) f.value());
      } else {
        o.put("value", f.value());
      }
      o.put("unit", f.unit());
      if (f.target() == null) {
        o.putNull("target");
      } else {
        o.put("target", f.target());
      }
      o.put("better", f.better().json());
      ObjectNode m = figures.putObject(f.name());
      m.put("benchmark", e.benchmark());
      m.put("measured", e.measured());
      m.put("machine", e.machine());
      m.put("scale", e.scale());
      m.put("detail", f.detail());
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("about", "Provenance of bench/results.json, written by io.callpark.bench.BenchMain; see BENCHMARKS.md.");
    root.set("figures", figures);
    ObjectNode benchmarks = root.putObject("benchmarks");
    notes.forEach((name, n) -> {
      ObjectNode b = benchmarks.putObject(name);
      b.put("method", n.method());
      b.put("status", n.status());
      b.put("measured", n.measured());
    });
    writeAtomically(results, JSON.writeValueAsString(list) + "\n");
    writeAtomically(meta, JSON.writeValueAsString(root) + "\n");
  }

  static void writeAtomically(Path target, String content) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.writeString(tmp, content);
    Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
