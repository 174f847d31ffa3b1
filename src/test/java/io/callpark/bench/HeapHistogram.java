package io.callpark.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The live heap of another JVM by class, from {@code jcmd <pid> GC.class_histogram} (which runs a full
 * GC first, so only reachable objects count): bytes and instances per class and the total. Two of them
 * give what a change (10,000 calls parked) cost, class by class ({@link #minus}). Immutable.
 */
record HeapHistogram(long totalBytes, long totalInstances, Map<String, Long> bytesByClass,
    Map<String, Long> instancesByClass) {

  private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
  private static final Pattern TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)");

  /** One class's growth between two histograms. */
  record Growth(String className, long bytes, long instances) {}

  /** Parses jcmd's output; fails if it holds no {@code Total} line (jcmd printed an error instead). */
  static HeapHistogram parse(String jcmdOutput) {
    Map<String, Long> bytes = new LinkedHashMap<>();
    Map<String, Long> instances = new LinkedHashMap<>();
    long total = -1;
    long totalInstances = -1;
    for (String line : jcmdOutput.split("\n")) {
      Matcher row = ROW.matcher(line);
      if (row.find()) {
        // The same class name can appear twice (one per class loader): add them up.
        bytes.merge(row.group(3), Long.parseLong(row.group(2)), Long::sum);
        instances.merge(row.group(3), Long.parseLong(row.group(1)), Long::sum);
        continue;
      }
      Matcher t = TOTAL.matcher(line.trim());
      if (t.find()) {
        totalInstances = Long.parseLong(t.group(1));
        total = Long.parseLong(t.group(2));
      }
    }
    if (total < 0) {
      String head = jcmdOutput.length() > 300 ? jcmdOutput.substring(0, 300) + "..." : jcmdOutput;
      throw new IllegalStateException("not a class histogram (no Total line): " + head.strip());
    }
    return new HeapHistogram(total, totalInstances, Map.copyOf(bytes), Map.copyOf(instances));
  }

  /** Runs {@code jcmd <pid> GC.class_histogram} (a full GC in that JVM, then the histogram). */
  static HeapHistogram of(long pid) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p = new ProcessBuilder(Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd", Long.toString(pid),
        "GC.class_histogram").redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("jcmd " + pid + " GC.class_histogram did not finish in 120 s");
    }
    return parse(new String(out, StandardCharsets.UTF_8));
  }

  /** Growth from {@code before} to this, per class, largest first (classes that shrank included, last). */
  List<Growth> minus(HeapHistogram before) {
    List<Growth> out = new ArrayList<>();
    java.util.Set<String> names = new java.util.HashSet<>(bytesByClass.keySet());
    names.addAll(before.bytesByClass.keySet());
    for (String c : names) {
      long b = bytesByClass.getOrDefault(c, 0L) - before.bytesByClass.getOrDefault(c, 0L);
      long n = instancesByClass.getOrDefault(c, 0L) - before.instancesByClass.getOrDefault(c, 0L);
      if (b != 0 || n != 0) {
        out.add(new Growth(c, b, n));
      }
    }
    out.sort(Comparator.comparingLong(Growth::bytes).reversed().thenComparing(Growth::className));
    return out;
  }

  /**
   * "byte[] 1,234 B/call (2.0/call), ..." for the {@code top} classes that grew most, each divided by
   * {@code calls}; JVM names ({@code [B}) shown as Java names.
   */
  static String perCall(List<Growth> growth, int top, long calls) {
    return growth.stream().limit(top).map(g -> String.format(Locale.ROOT, "%s %s B/call (%.1f/call)",
        javaName(g.className()), Format.number(Math.rint((double) g.bytes() / calls)), (double) g.instances() / calls))
        .collect(Collectors.joining(", "));
  }

  /** {@code [B} -> {@code byte[]}, {@code [Ljava.lang.Object;} -> {@code java.lang.Object[]}; others unchanged. */
  static String javaName(String jvmName) {
    int dims = 0;
    while (dims < jvmName.length() && jvmName.charAt(dims) == '[') {
      dims++;
    }
    if (dims == 0) {
      return jvmName;
    }
    String element = jvmName.substring(dims);
    String base = switch (element) {
      case "B" -> "byte";
      case "C" -> "char";
      case "I" -> "int";
      case "J" -> "long";
      case "S" -> "short";
      case "Z" -> "boolean";
      case "F" -> "float";
      case "D" -> "double";
      default -> element.startsWith("L") && element.endsWith(";") ? element.substring(1, element.length() - 1) : element;
    };
    return base + "[]".repeat(dims);
  }
}
