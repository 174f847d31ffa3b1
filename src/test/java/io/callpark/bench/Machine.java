package io.callpark.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The machine a run happened on, as BENCHMARKS.md prints it: cores, CPU model, OS, JVM, max heap, JVM
 * flags and the load average when the run started (other work on the box shows up in the figures).
 * Immutable.
 */
public record Machine(int cores, String cpu, String os, String jvm, long maxHeapBytes, String jvmArgs, String loadAverage) {

  public static Machine current() {
    Runtime rt = Runtime.getRuntime();
    List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
    return new Machine(
        rt.availableProcessors(),
        cpuModel(),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " (" + System.getProperty("os.arch") + ")",
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
            + " (" + System.getProperty("java.vm.vendor") + ")",
        rt.maxMemory(),
        args.stream().filter(a -> !a.startsWith("-Dbench.")).collect(Collectors.joining(" ")),
        readLoadAverage());
  }

  /** One line, for the provenance of kept figures. */
  public String summary() {
    return String.format(Locale.ROOT, "%d cores %s, %s, %s, max heap %s", cores, cpu, os, jvm, heap());
  }

  public String heap() {
    return String.format(Locale.ROOT, "%.0f MiB", maxHeapBytes / (1024.0 * 1024.0));
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
      return "unknown (no model name in /proc/cpuinfo)";
    } catch (IOException | RuntimeException e) {
      return "unknown (no /proc/cpuinfo)";
    }
  }

  private static String readLoadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
