package io.callpark.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Files and ports of the multi-process tests: the generated {@code callpark.yaml} and Hazelcast YAML of
 * each node (under {@code target/it-work/<cluster>/<node>/}), log files ({@code target/it-logs/}), free
 * loopback ports. Stateless apart from the ports handed out; thread-safe. Public for the cluster
 * benchmarks (io.callpark.bench), which start nodes the same way.
 */
public final class ItFiles {
  /** Environment variable the generated configs name as box {@code b}'s {@code passwordEnv}. */
  public static String passwordEnv(int b) {
    return "CALLPARK_IT_FS" + b + "_PASSWORD";
  }

  private static final Set<Integer> GIVEN = new HashSet<>();

  private ItFiles() {}

  /** One node of a test cluster: its id and the two ports it listens on. */
  public record NodeSpec(String id, int outboundPort, int hazelcastPort) {
    public String outbound() {
      return "127.0.0.1:" + outboundPort;
    }
  }

  /** The Maven project directory (failsafe sets {@code basedir}), else the working directory. */
  public static Path projectDir() {
    return Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
  }

  public static Path logFile(String name) {
    return projectDir().resolve("target/it-logs").resolve(name + ".log");
  }

  static String resource(String name) {
    URL url = ItFiles.class.getClassLoader().getResource(name);
    if (url == null) {
      throw new IllegalStateException("test resource " + name + " missing");
    }
    try {
      return Path.of(url.toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A port nothing listens on right now on 127.0.0.1, never the same twice in this JVM. */
  public static synchronized int freePort() {
    for (int i = 0; i < 50; i++) {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        int port = s.getLocalPort();
        if (GIVEN.add(port)) {
          return port;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException("no free port");
  }

  /**
   * Writes {@code me}'s callpark.yaml and hazelcast.yaml; returns the callpark.yaml. Lots: {@code default}
   * 6001-6020 with a parking time no test reaches, and {@code recall} 6031-6039 whose calls time out
   * after 3 s (the recall tests).
   */
  static Path writeNodeConfig(String cluster, NodeSpec me, List<NodeSpec> all, List<Integer> boxPorts) {
    return writeNodeConfig(cluster, me, all, boxPorts, IT_LOTS);
  }

  /** The lots of the tests' nodes (see {@link #writeNodeConfig(String, NodeSpec, List, List)}). */
  static final String IT_LOTS = """
        lots:
          - name: default
            slots: 6001-6020
            parkingTime: 1h
          - name: recall
            slots: 6031-6039
            parkingTime: 3s
            recallTime: 5s
        defaultLot: default
        """;

  /**
   * As {@link #writeNodeConfig(String, NodeSpec, List, List)} with other lots: {@code lotsYaml} is the
   * {@code lots:} list and {@code defaultLot:} line, at the top level (no indentation).
   */
  public static Path writeNodeConfig(String cluster, NodeSpec me, List<NodeSpec> all, List<Integer> boxPorts,
      String lotsYaml) {
    return writeNodeConfig(cluster, me, all, boxPorts, lotsYaml, List.of("127.0.0.1"));
  }

  /**
   * As {@link #writeNodeConfig(String, NodeSpec, List, List, String)}, accepting FreeSWITCH's socket
   * connections from {@code peers} (loopback addresses; the others accept 127.0.0.1 only).
   */
  public static Path writeNodeConfig(String cluster, NodeSpec me, List<NodeSpec> all, List<Integer> boxPorts,
      String lotsYaml, List<String> peers) {
    Path dir = projectDir().resolve("target/it-work").resolve(cluster).resolve(me.id());
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("hazelcast.yaml"), hazelcastYaml(cluster, me, all), StandardCharsets.UTF_8);
      Path callpark = dir.resolve("callpark.yaml");
      Files.writeString(callpark, callparkYaml(me, boxPorts, lotsYaml, peers), StandardCharsets.UTF_8);
      return callpark;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The address box {@code b} has on the simulated SIP network (its port is 5060). */
  public static String sipIp(int b) {
    return "127.0.0." + b;
  }

  /** Boxes {@code fs1, fs2, ...}: event sockets at the given ports on 127.0.0.1, SIP at {@link #sipIp}. */
  static String callparkYaml(NodeSpec me, List<Integer> boxPorts, String lotsYaml, List<String> peers) {
    StringBuilder boxes = new StringBuilder();
    for (int b = 1; b <= boxPorts.size(); b++) {
      boxes.append("""
            - id: fs%d
              host: 127.0.0.1
              port: %d
              domain: 127.0.0.1
              passwordEnv: %s
              sipAddress: %s:5060
          """.formatted(b, boxPorts.get(b - 1), passwordEnv(b), sipIp(b)));
    }
    return """
        node:
          id: %s
          outbound:
            host: 127.0.0.1
            port: %d
            allowedPeers: [%s]
          timerPeriod: 250ms
        boxes:
        %s%scluster:
          config: hazelcast.yaml
        management:
          host: 127.0.0.1
          port: %d
        """.formatted(me.id(), me.outboundPort(), String.join(", ", peers), boxes, lotsYaml, freePort());
  }

  /**
   * Hazelcast's own YAML, like the repository's cluster.yaml but: a cluster name of this test class
   * only, fixed ports listed one by one, no wait before joining (the first node is started alone, the
   * others join it), and a quick split-brain merge so a thawed node rejoins within seconds.
   */
  static String hazelcastYaml(String cluster, NodeSpec me, List<NodeSpec> all) {
    String members = all.stream().map(n -> "            - 127.0.0.1:" + n.hazelcastPort())
        .collect(Collectors.joining("\n"));
    return """
        hazelcast:
          cluster-name: %s
          properties:
            hazelcast.phone.home.enabled: "false"
            hazelcast.logging.type: slf4j
            hazelcast.heartbeat.interval.seconds: "1"
            hazelcast.max.no.heartbeat.seconds: "5"
            hazelcast.shutdownhook.policy: GRACEFUL
            hazelcast.wait.seconds.before.join: "0"
            hazelcast.max.wait.seconds.before.join: "2"
            hazelcast.merge.first.run.delay.seconds: "5"
            hazelcast.merge.next.run.delay.seconds: "5"
            hazelcast.invocation.retry.pause.millis: "50"
          network:
            port:
              port: %d
              auto-increment: false
            interfaces:
              enabled: true
              interfaces:
                - 127.0.0.1
            join:
              auto-detection:
                enabled: false
              multicast:
                enabled: false
              tcp-ip:
                enabled: true
                member-list:
        %s
          map:
            callpark.slots:
              backup-count: 1
        """.formatted(cluster, me.hazelcastPort(), members);
  }
}
