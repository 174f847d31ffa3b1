package io.callpark.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4, for tests: every line must be a
 * {@code # HELP}, a {@code # TYPE} or a sample of a family whose TYPE came first; label values must be
 * properly quoted and escaped; values must be numbers (or NaN/+Inf/-Inf). Anything else throws, naming the
 * line. Immutable once parsed.
 */
public final class PrometheusText {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
  private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") .*");
  private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)})? (\\S+)( -?\\d+)?");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\",?");

  /** One sample: the series name, its labels, its value. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  private final Map<String, String> types = new HashMap<>();
  private final List<Sample> samples = new ArrayList<>();

  private PrometheusText() {}

  public static PrometheusText parse(String text) {
    PrometheusText p = new PrometheusText();
    int n = 0;
    for (String line : text.split("\n", -1)) {
      n++;
      if (line.isEmpty()) {
        continue;
      }
      Matcher m;
      if ((m = TYPE.matcher(line)).matches()) {
        if (p.types.put(m.group(1), m.group(2)) != null) {
          throw new IllegalArgumentException("line " + n + ": second TYPE for " + m.group(1));
        }
      } else if (HELP.matcher(line).matches()) {
        continue;
      } else if (line.startsWith("#")) {
        throw new IllegalArgumentException("line " + n + ": unknown comment: " + line);
      } else if ((m = SAMPLE.matcher(line)).matches()) {
        String name = m.group(1);
        if (p.family(name) == null) {
          throw new IllegalArgumentException("line " + n + ": sample of " + name + " before its TYPE");
        }
        p.samples.add(new Sample(name, labels(m.group(3), n), value(m.group(4), n)));
      } else {
        throw new IllegalArgumentException("line " + n + ": not a sample: " + line);
      }
    }
    return p;
  }

  private static Map<String, String> labels(String text, int line) {
    Map<String, String> out = new LinkedHashMap<>();
    if (text == null || text.isEmpty()) {
      return out;
    }
    Matcher m = LABEL.matcher(text);
    int at = 0;
    while (at < text.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new IllegalArgumentException("line " + line + ": bad labels at '" + text.substring(at) + "'");
      }
      out.put(m.group(1), m.group(2).replace("\\\"", "\"").replace("\\n", "\n").replace("\\\\", "\\"));
      at = m.end();
    }
    return out;
  }

  private static double value(String s, int line) {
    switch (s) {
      case "NaN": return Double.NaN;
      case "+Inf": return Double.POSITIVE_INFINITY;
      case "-Inf": return Double.NEGATIVE_INFINITY;
      default:
        try {
          return Double.parseDouble(s);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("line " + line + ": bad value " + s);
        }
    }
  }

  /** The family (TYPE name) a series belongs to, or null. */
  private String family(String series) {
    if (types.containsKey(series)) {
      return series;
    }
    for (String suffix : new String[] {"_bucket", "_count", "_sum", "_total", "_created"}) {
      if (series.endsWith(suffix)) {
        String base = series.substring(0, series.length() - suffix.length());
        if (types.containsKey(base)) {
          return base;
        }
      }
    }
    return null;
  }

  public List<Sample> samples() {
    return samples;
  }

  public Set<String> seriesNames() {
    Set<String> out = new java.util.TreeSet<>();
    samples.forEach(s -> out.add(s.name()));
    return out;
  }

  public String type(String family) {
    return types.get(family);
  }

  /** The value of the one series {@code name} whose labels include {@code labels} ("k", "v", ...). */
  public double value(String name, String... labels) {
    List<Sample> found = samples.stream().filter(s -> s.name().equals(name)).filter(s -> {
      for (int i = 0; i + 1 < labels.length; i += 2) {
        if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
          return false;
        }
      }
      return true;
    }).toList();
    if (found.size() != 1) {
      throw new AssertionError(found.size() + " series " + name + " with " + List.of(labels) + " (names: "
          + seriesNames().stream().filter(x -> x.startsWith("callpark")).toList() + ")");
    }
    return found.get(0).value();
  }
}
