package io.callpark.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One callpark node as its own JVM — {@code java -cp <test classpath> io.callpark.Main node --config F} —
 * for the multi-process tests: {@link #launch()} and {@link #awaitUp} (the node logs {@code node <id> up}
 * once its Hazelcast member has joined and its outbound listener is bound), {@link #kill9()},
 * {@link #stop} (SIGTERM, waits for the exit code), {@link #freeze()}/{@link #thaw()} (SIGSTOP/SIGCONT).
 * Everything listens on 127.0.0.1 only (the generated configs say so).
 *
 * <p>stdout and stderr are appended to one log file across restarts, each start headed by a marker
 * line. A JVM shutdown hook kills every node still running, so an aborted test run leaves no orphan
 * JVMs behind. Thread-safe: the state-changing methods are synchronized. Public for the cluster
 * benchmarks (io.callpark.bench).
 */
public final class NodeProcess implements AutoCloseable {
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly), "it-node-reaper"));
  }

  private final String id;
  private final Path config;
  private final Path log;
  private final Map<String, String> env;
  private final List<String> jvmOptions;
  private final String store;
  private Process process;
  private long logOffset;
  private volatile boolean frozen;

  /**
   * @param config the node's callpark.yaml
   * @param log where its output goes (appended)
   * @param env extra environment (box passwords named by {@code passwordEnv})
   */
  NodeProcess(String id, Path config, Path log, Map<String, String> env) {
    this(id, config, log, env, TEST_JVM);
  }

  /**
   * Small, quick-starting JVMs: three of them share two cores with Maven and the test JVM (C1 only, so
   * not for timing anything).
   */
  public static final List<String> TEST_JVM =
      List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData");

  /** As the tests' constructor, with other JVM options (heap, GC, JIT) before Hazelcast's {@code --add-opens}. */
  public NodeProcess(String id, Path config, Path log, Map<String, String> env, List<String> jvmOptions) {
    this(id, config, log, env, jvmOptions, "hazelcast");
  }

  /**
   * As above with the node's {@code --store}: {@code hazelcast} (every other constructor) or {@code memory}
   * (a single node without Hazelcast, for the benchmarks' comparison).
   */
  public NodeProcess(String id, Path config, Path log, Map<String, String> env, List<String> jvmOptions,
      String store) {
    this.store = store;
    this.id = id;
    this.config = config;
    this.log = log;
    this.env = Map.copyOf(env);
    this.jvmOptions = List.copyOf(jvmOptions);
  }

  public String id() {
    return id;
  }

  public Path log() {
    return log;
  }

  /** Starts the JVM without waiting for it; see {@link #awaitUp}. */
  public synchronized void launch() {
    if (running()) {
      throw new IllegalStateException("node " + id + " is already running");
    }
    try {
      Files.createDirectories(log.getParent());
      Files.writeString(log, "==== " + Instant.now() + " starting node " + id + "\n", StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      logOffset = Files.size(log);
      ProcessBuilder pb = new ProcessBuilder(command()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      pb.environment().putAll(env);
      process = pb.start();
      frozen = false;
      RUNNING.add(process);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start node " + id, e);
    }
  }

  /** Waits until the node logged {@code node <id> up}; fails with the log's tail if it died or took too long. */
  public void awaitUp(Duration timeout) {
    String marker = "node " + id + " up";
    try {
      await("node " + id + " up").atMost(timeout).pollInterval(Duration.ofMillis(100))
          .until(() -> !running() || logSinceLaunch().contains(marker));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("node " + id + " not up within " + timeout + "; log tail:\n" + tail(), e);
    }
    if (!logSinceLaunch().contains(marker)) {
      throw new AssertionError("node " + id + " exited with " + exitCode() + " before coming up; log tail:\n" + tail());
    }
  }

  public void start(Duration timeout) {
    launch();
    awaitUp(timeout);
  }

  public synchronized boolean running() {
    return process != null && process.isAlive();
  }

  public boolean frozen() {
    return frozen;
  }

  public synchronized long pid() {
    return process.pid();
  }

  /** SIGKILL, as a crash: no shutdown hook runs. Waits until the process is gone. */
  public synchronized void kill9() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    waitGone(Duration.ofSeconds(10));
    frozen = false;
  }

  /**
   * SIGTERM (a frozen node is thawed first, else the signal would wait), then waits up to {@code timeout}
   * for the exit. Returns the exit code; a node that does not exit in time is killed and the call fails.
   */
  public synchronized int stop(Duration timeout) {
    if (frozen) {
      thaw();
    }
    process.destroy();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill9();
        throw new AssertionError("node " + id + " did not exit within " + timeout + " of SIGTERM; log tail:\n" + tail());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    RUNNING.remove(process);
    return process.exitValue();
  }

  /** SIGSTOP: the JVM stops dead, its sockets stay open (the kernel still accepts connections). */
  public synchronized void freeze() {
    signal("STOP");
    frozen = true;
  }

  /** SIGCONT. */
  public synchronized void thaw() {
    signal("CONT");
    frozen = false;
  }

  public synchronized Integer exitCode() {
    return process == null || process.isAlive() ? null : process.exitValue();
  }

  /** Everything the node printed since its last launch. */
  public String logSinceLaunch() {
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
      long len = f.length();
      if (len <= logOffset) {
        return "";
      }
      byte[] bytes = new byte[(int) Math.min(len - logOffset, 8 << 20)];
      f.seek(logOffset);
      f.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  public String tail() {
    String all = logSinceLaunch();
    return all.length() <= 4000 ? all : all.substring(all.length() - 4000);
  }

  @Override
  public synchronized void close() {
    if (running()) {
      kill9();
    }
  }

  private void waitGone(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("node " + id + " (pid " + process.pid() + ") still alive after SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    RUNNING.remove(process);
  }

  private void signal(String name) {
    if (!running()) {
      throw new IllegalStateException("node " + id + " is not running");
    }
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private List<String> command() {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    // What Hazelcast asks for (the shaded jar's manifest has the same list).
    cmd.addAll(List.of("--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens=java.management/sun.management=ALL-UNNAMED",
        "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED"));
    // The test classpath carries logback-test.xml (WARN); the node's log must show "node <id> up" and
    // the parking events, so it gets its own configuration.
    cmd.add("-Dlogback.configurationFile=" + ItFiles.resource("it/logback-node.xml"));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.callpark.Main", "node", "--config",
        config.toString(), "--store", store));
    return cmd;
  }

  @Override
  public String toString() {
    return "node " + id + (running() ? " pid " + pid() + (frozen ? " (frozen)" : "") : " (not running)");
  }
}
