package io.callpark.metrics;

import static io.callpark.node.RunningNode.get;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callpark.node.RunningNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docs/grafana/callpark.json queries only metrics a node exports, and shows every callpark metric. */
class GrafanaDashboardTest {
  private static final Pattern METRIC = Pattern.compile("\\b((?:callpark|jvm|process|system)_[a-z0-9_]+)\\b");
  private static JsonNode dashboard;
  private static RunningNode node;
  private static PrometheusText exported;

  @BeforeAll
  static void load() throws Exception {
    dashboard = new ObjectMapper().readTree(Path.of("docs/grafana/callpark.json").toFile());
    node = new RunningNode(); // meters are registered when the metrics bind, before any call
    exported = PrometheusText.parse(get(node.metrics.scrape()));
  }

  @AfterAll
  static void close() throws Exception {
    node.close();
  }

  /** Every PromQL expression: panel targets and template variable queries. */
  private static List<String> queries() {
    List<String> out = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      panel.path("targets").forEach(t -> out.add(t.path("expr").asText()));
    }
    for (JsonNode v : dashboard.path("templating").path("list")) {
      JsonNode q = v.path("query");
      out.add(q.isObject() ? q.path("query").asText() : q.asText());
    }
    return out;
  }

  private static Set<String> referenced() {
    Set<String> names = new TreeSet<>();
    for (String q : queries()) {
      Matcher m = METRIC.matcher(q);
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  @Test
  void everyMetricTheDashboardQueriesIsExportedByANode() {
    assertThat(referenced()).isNotEmpty().allSatisfy(name -> assertThat(exported.seriesNames())
        .as("metric %s used in docs/grafana/callpark.json", name).contains(name));
  }

  @Test
  void everyCallparkMetricHasAPanel() {
    Set<String> families = new TreeSet<>();
    exported.seriesNames().stream().filter(n -> n.startsWith("callpark_"))
        .map(n -> n.replaceAll("_(bucket|count|sum)$", "")).forEach(families::add);
    Set<String> shown = new HashSet<>();
    referenced().forEach(n -> shown.add(n.replaceAll("_(bucket|count|sum|max)$", "")));
    assertThat(shown).containsAll(families.stream().map(n -> n.replaceAll("_max$", "")).toList());
  }

  @Test
  void panelsAreWellFormed() {
    assertThat(dashboard.path("uid").asText()).isEqualTo("callpark");
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(ids.add(panel.path("id").asInt())).as("unique panel id %s", panel.path("id")).isTrue();
      assertThat(panel.path("gridPos").path("w").asInt()).isBetween(1, 24);
      if (!"row".equals(panel.path("type").asText())) {
        assertThat(panel.path("targets")).as("targets of %s", panel.path("title")).isNotEmpty();
        panel.path("targets").forEach(t -> assertThat(t.path("expr").asText()).isNotBlank());
      }
    }
  }
}
