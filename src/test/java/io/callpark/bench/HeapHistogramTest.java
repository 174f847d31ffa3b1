package io.callpark.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeapHistogramTest {
  private static final String BEFORE = """
      26602:
       num     #instances         #bytes  class name (module)
      -------------------------------------------------------
         1:         13047         794480  [B (java.base@17.0.15)
         2:          3002         360856  java.lang.Class (java.base@17.0.15)
         3:           100           1600  io.vertx.core.Foo
      Total         16149        1156936
      """;
  private static final String AFTER = """
      26602:
       num     #instances         #bytes  class name (module)
      -------------------------------------------------------
         1:         23047        1794480  [B (java.base@17.0.15)
         2:          3002         360856  java.lang.Class (java.base@17.0.15)
         3:            10            160  [Ljava.lang.Object; (java.base@17.0.15)
         4:            10            160  [Ljava.lang.Object; (java.base@17.0.15)
         5:          2000          64000  io.callpark.Bar
      Total         28069        2219656
      """;

  @Test
  void readsTheTotalAndAddsUpAClassListedTwice() {
    HeapHistogram h = HeapHistogram.parse(AFTER);

    assertThat(h.totalBytes()).isEqualTo(2_219_656);
    assertThat(h.totalInstances()).isEqualTo(28_069);
    assertThat(h.bytesByClass()).containsEntry("[Ljava.lang.Object;", 320L).containsEntry("[B", 1_794_480L);
  }

  @Test
  void growthIsPerClassLargestFirstAndCountsClassesThatAppearedOrWentAway() {
    List<HeapHistogram.Growth> g = HeapHistogram.parse(AFTER).minus(HeapHistogram.parse(BEFORE));

    assertThat(g).extracting(HeapHistogram.Growth::className)
        .containsExactly("[B", "io.callpark.Bar", "[Ljava.lang.Object;", "io.vertx.core.Foo");
    assertThat(g.get(0)).isEqualTo(new HeapHistogram.Growth("[B", 1_000_000, 10_000));
    assertThat(g.get(3)).isEqualTo(new HeapHistogram.Growth("io.vertx.core.Foo", -1_600, -100));
  }

  @Test
  void perCallDividesByTheCallsAndShowsJavaNames() {
    List<HeapHistogram.Growth> g = HeapHistogram.parse(AFTER).minus(HeapHistogram.parse(BEFORE));

    assertThat(HeapHistogram.perCall(g, 2, 1_000))
        .isEqualTo("byte[] 1,000 B/call (10.0/call), io.callpark.Bar 64.0 B/call (2.0/call)");
  }

  @Test
  void jvmArrayNamesBecomeJavaNames() {
    assertThat(HeapHistogram.javaName("[[I")).isEqualTo("int[][]");
    assertThat(HeapHistogram.javaName("[Ljava.lang.String;")).isEqualTo("java.lang.String[]");
    assertThat(HeapHistogram.javaName("java.util.HashMap$Node")).isEqualTo("java.util.HashMap$Node");
  }

  @Test
  void jcmdErrorOutputIsNotTakenForAnEmptyHeap() {
    assertThatThrownBy(() -> HeapHistogram.parse("123: com.sun.tools.attach.AttachNotSupportedException: Unable to open socket"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no Total line");
  }
}
