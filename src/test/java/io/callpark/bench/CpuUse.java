package io.callpark.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How busy the machine was while the benchmarks ran, from {@code /proc/stat} (all CPUs) and this JVM's
 * own CPU time: on a shared box, other work steals cores from single-threaded measurements, and the
 * report should say so. Immutable snapshot; {@link #since} compares two.
 */
record CpuUse(long busyJiffies, long totalJiffies, long processCpuNanos, long wallNanos) {
  private static final double JIFFY_NANOS = 10_000_000.0; // USER_HZ = 100 on Linux

  static CpuUse now() {
    long busy = -1;
    long total = -1;
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      total = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        total += Long.parseLong(f[i]);
      }
      busy = total - Long.parseLong(f[4]) - Long.parseLong(f[5]); // minus idle and iowait
    } catch (Exception e) {
      // not Linux: only the JVM's own figure is available
    }
    long cpu = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : -1;
    return new CpuUse(busy, total, cpu, System.nanoTime());
  }

  /** "machine 87% busy (of 2 cores), this JVM 48%, everything else 39%" between {@code start} and this. */
  String since(CpuUse start) {
    if (busyJiffies < 0 || start.busyJiffies < 0 || totalJiffies == start.totalJiffies) {
      return "unknown (no /proc/stat)";
    }
    double machine = (busyJiffies - start.busyJiffies) / (double) (totalJiffies - start.totalJiffies);
    int cores = Runtime.getRuntime().availableProcessors();
    double capacityNanos = (totalJiffies - start.totalJiffies) * JIFFY_NANOS;
    double jvm = processCpuNanos < 0 ? Double.NaN : (processCpuNanos - start.processCpuNanos) / capacityNanos;
    return String.format(Locale.ROOT, "all %d cores %.0f%% busy; this JVM %.0f%%, other processes %.0f%%", cores,
        100 * machine, 100 * Math.min(jvm, machine), 100 * Math.max(0, machine - jvm));
  }
}
