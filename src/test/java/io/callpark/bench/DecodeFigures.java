package io.callpark.bench;

import io.callpark.bench.CapturedStream.Chunking;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Turns the timing windows of a decode benchmark into figures (median, with the spread as detail). */
final class DecodeFigures {
  private final Map<Chunking, List<DecodeMeasure.Window>> windows;
  private final Map<Chunking, Double> bytesPerEvent;
  private final Tally perPass;
  private final String rounds;

  /** {@code windowNanos}: the length of each timing window, for the detail text. */
  DecodeFigures(Map<Chunking, List<DecodeMeasure.Window>> windows, Map<Chunking, Double> bytesPerEvent, Tally perPass,
      long windowNanos) {
    this.windows = windows;
    this.bytesPerEvent = bytesPerEvent;
    this.perPass = perPass;
    this.rounds = String.format(java.util.Locale.ROOT, "%.2g s windows", windowNanos / 1e9);
  }

  double[] samples(Chunking c, ToDoubleFunction<DecodeMeasure.Window> f) {
    return windows.get(c).stream().mapToDouble(f).toArray();
  }

  double median(Chunking c, ToDoubleFunction<DecodeMeasure.Window> f) {
    return Stats.median(samples(c, f));
  }

  Figure events(String name, Chunking c, Double target) {
    double[] s = samples(c, DecodeMeasure.Window::eventsPerS);
    return Figure.higher(name, Math.rint(Stats.median(s)), "events/s", target,
        c.label() + "; " + Stats.spread(s, rounds) + "; " + perPass.events() + " events per pass");
  }

  Figure frames(String name, Chunking c) {
    double[] s = samples(c, DecodeMeasure.Window::framesPerS);
    return Figure.higher(name, Math.rint(Stats.median(s)), "frames/s", null, c.label() + "; " + Stats.spread(s, rounds));
  }

  Figure megabytes(String name, Chunking c) {
    double[] s = samples(c, w -> w.bytesPerS() / 1e6);
    return Figure.higher(name, Format.round(Stats.median(s)), "MB/s", null, c.label() + "; " + Stats.spread(s, rounds));
  }

  double bytesPerEvent(Chunking c) {
    return bytesPerEvent.get(c);
  }
}
