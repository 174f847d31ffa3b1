package io.callpark.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SvgChartTest {

  @Test
  void aChartHasItsTitleAxesEachSeriesAndTargetAndEscapesText() {
    String svg = new SvgChart("p99 <by> N", "calls parked", "ms", true)
        .series("park & retrieve", new double[] {1_000, 10_000, 100_000}, new double[] {2.5, 3.0, 9.0})
        .series("other", new double[] {1_000, 100_000}, new double[] {1, 2})
        .line("target 5 ms", 5).render();

    assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").endsWith("</svg>\n");
    assertThat(svg).contains("p99 &lt;by&gt; N", "park &amp; retrieve", "calls parked", "target 5 ms");
    assertThat(svg.split("<polyline", -1)).hasSize(3);
    assertThat(svg).contains(">1,000<", ">10,000<", ">100,000<"); // log x ticks at the decades
    assertThat(svg.split("<circle", -1)).hasSize(6);
  }

  @Test
  void aPercentileAxisIsSpreadByItsNines() {
    String svg = new SvgChart("lat", "percentile", "ms", false).nines()
        .series("s", new double[] {0, 50, 90, 99, 99.9}, new double[] {1, 2, 3, 4, 9}).render();
    assertThat(svg).contains(">p0<", ">p90<", ">p99<", ">p99.9<");
  }

  @Test
  void theSameDataRendersTheSameBytes() {
    SvgChart a = new SvgChart("t", "x", "y", false).series("s", new double[] {0, 1}, new double[] {3, 4});
    SvgChart b = new SvgChart("t", "x", "y", false).series("s", new double[] {0, 1}, new double[] {3, 4});
    assertThat(a.render()).isEqualTo(b.render());
  }

  @Test
  void tickLabelsAreShort() {
    assertThat(SvgChart.label(50)).isEqualTo("50");
    assertThat(SvgChart.label(2.5)).isEqualTo("2.5");
    assertThat(SvgChart.label(99.9)).isEqualTo("99.9");
    assertThat(SvgChart.label(10_000)).isEqualTo("10,000");
    assertThat(SvgChart.label(0)).isEqualTo("0");
  }

  @Test
  void stepsAreOneTwoOrFiveTimesAPowerOfTen() {
    assertThat(SvgChart.niceStep(0.7)).isEqualTo(1.0);
    assertThat(SvgChart.niceStep(1.3)).isEqualTo(2.0);
    assertThat(SvgChart.niceStep(3.1)).isEqualTo(5.0);
    assertThat(SvgChart.niceStep(1_234)).isEqualTo(2_000.0);
    assertThat(SvgChart.niceStep(0)).isEqualTo(1.0);
  }

  @Test
  void thePercentileCurveEndsAtTheMaximumAndNeverFalls() {
    double[] sorted = new double[1000];
    for (int i = 0; i < sorted.length; i++) {
      sorted[i] = i / 10.0;
    }
    double[][] c = SvgChart.percentiles(sorted);
    assertThat(c[0][c[0].length - 1]).isEqualTo(100.0);
    assertThat(c[1][c[1].length - 1]).isEqualTo(99.9);
    assertThat(c[1]).isSorted();
  }

  @Test
  void mismatchedSeriesAreRefusedNamingTheSeries() {
    assertThatThrownBy(() -> new SvgChart("t", "x", "y", false).series("lat", new double[] {1}, new double[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lat");
  }

  @Test
  void aBenchmarksPlotsAreThoseNamedAfterIt() {
    List<String> plots = List.of("park-connect-to-moh.svg", "parkx.svg", "cluster.failover-timeline.svg", "park.svg",
        "scale-heap.png");
    assertThat(BenchmarksReport.plotsOf(plots, "park")).containsExactly("park-connect-to-moh.svg", "park.svg");
    assertThat(BenchmarksReport.plotsOf(plots, "cluster.failover")).containsExactly("cluster.failover-timeline.svg");
    assertThat(BenchmarksReport.plotsOf(plots, "scale")).isEmpty();
  }
}
