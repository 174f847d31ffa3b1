package io.callpark;

import io.callpark.cli.CliFailure;
import io.callpark.cli.ExitCode;
import io.callpark.cli.ParkListCommand;
import io.callpark.cli.SlotsCommand;
import io.callpark.cli.StatusCommand;
import io.callpark.cluster.ClusterMembership;
import io.callpark.cluster.HazelcastMembership;
import io.callpark.cluster.StaticMembership;
import io.callpark.config.CallparkConfig;
import io.callpark.config.ConfigException;
import io.callpark.config.ConfigLoader;
import io.callpark.management.ManagementServer;
import io.callpark.metrics.CallparkMetrics;
import io.callpark.node.CallparkNode;
import io.callpark.parking.store.FetchTokens;
import io.callpark.parking.store.HazelcastFetchTokens;
import io.callpark.parking.store.HazelcastSetup;
import io.callpark.parking.store.HazelcastSlotStore;
import io.callpark.parking.store.InMemoryFetchTokens;
import io.callpark.parking.store.InMemorySlotStore;
import io.callpark.parking.store.SlotStore;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Command line: {@code node} runs a controller node, {@code demo} runs a node against a simulated
 * FreeSWITCH with phones that park, retrieve, abandon and time out calls; {@code status}, {@code slots}
 * and {@code park-list} ask a running node's management listener ({@code io.callpark.cli}). Exit codes
 * ({@link ExitCode}): 0 ok (also after a SIGTERM whose drain handed every parked call over), 2 bad
 * configuration or arguments, 3 node unreachable, 4 node not ready ({@code status}), 1 failure at run time
 * or a drain that left calls behind.
 */
@Command(name = "callpark", mixinStandardHelpOptions = true, version = "callpark 0.1",
    description = {"Cluster-wide call parking for FreeSWITCH over the event socket.", "",
        "status, slots and park-list ask a running node's management listener: --url, else management.host "
            + "and port of --config, else http://127.0.0.1:9090. 'callpark COMMAND --help' explains each command."},
    footer = {"", ExitCode.HELP_TITLE, ExitCode.HELP_OK, ExitCode.HELP_FAILURE,
        "     (node: also a SIGTERM drain that left parked calls behind)", ExitCode.HELP_USAGE,
        ExitCode.HELP_UNREACHABLE, ExitCode.HELP_NOT_READY},
    subcommands = {Main.NodeCommand.class, io.callpark.demo.DemoCommand.class, StatusCommand.class,
        SlotsCommand.class, ParkListCommand.class})
public final class Main implements Callable<Integer> {
  public static final int EXIT_CONFIG = ExitCode.USAGE;
  static final java.time.Duration DRAIN_TIMEOUT = java.time.Duration.ofSeconds(10);

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCode.OK;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The whole command line, as {@link #main} runs it; tests redirect its output with setOut/setErr. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main())
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          // A bad config or an unreachable node is the operator's to fix: one clear line, no stack trace.
          cmd.getErr().println("callpark: " + e.getMessage());
          cmd.getErr().flush();
          if (e instanceof CliFailure f) {
            return f.exitCode();
          }
          return e instanceof ConfigException ? EXIT_CONFIG : ExitCode.FAILURE;
        });
  }

  /** Loads the config named by {@code --config}, or the embedded default. */
  static CallparkConfig config(Path file) {
    ConfigLoader loader = new ConfigLoader();
    return file == null ? loader.embeddedDefault() : loader.load(file);
  }

  @Command(name = "node", mixinStandardHelpOptions = true,
      description = {"Runs one controller node until stopped (SIGTERM/Ctrl-C drains it); what systemd starts.",
          "Without --config: one node, an embedded one-member Hazelcast, one FreeSWITCH box at 127.0.0.1:8021 "
              + "(password from CALLPARK_ESL_PASSWORD, else ClueCon), lot 'default' with slots 6001-6099, "
              + "outbound listener 127.0.0.1:8084."})
  static final class NodeCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "callpark.yaml to use (see the one in the repository)")
    Path configFile;

    @Option(names = "--store", defaultValue = "hazelcast",
        description = "slot store: hazelcast (default; clustered, see cluster.yaml) or memory (one process, lost on exit)")
    String store;

    @Override
    public Integer call() throws Exception {
      CallparkConfig config = config(configFile);
      Vertx vertx = Vertx.vertx();
      HazelcastInstance hz = null;
      SlotStore slots;
      FetchTokens fetchTokens = new InMemoryFetchTokens();
      ClusterMembership membership = new StaticMembership(config.nodeId());
      if ("memory".equals(store)) {
        slots = new InMemorySlotStore();
      } else if ("hazelcast".equals(store)) {
        com.hazelcast.config.Config hzConfig = HazelcastSetup.loadOrEmbedded(config.clusterConfig());
        hzConfig.getMemberAttributeConfig().setAttribute(ClusterMembership.NODE_ATTRIBUTE, config.nodeId());
        // We leave the cluster ourselves, after handing calls over (below); Hazelcast's own hook could run first.
        hzConfig.setProperty("hazelcast.shutdownhook.enabled", "false");
        hz = HazelcastSetup.start(hzConfig);
        slots = new HazelcastSlotStore(vertx, hz);
        fetchTokens = new HazelcastFetchTokens(vertx, hz, Clock.systemUTC());
        membership = new HazelcastMembership(hz);
      } else {
        throw new CommandLine.ParameterException(new CommandLine(this), "--store must be hazelcast or memory, got '"
            + (store.length() > 20 ? store.substring(0, 20) + "..." : store) + "'");
      }
      CallparkNode node = new CallparkNode(vertx, config, slots, Clock.systemUTC(), membership, fetchTokens);
      CallparkMetrics metrics = CallparkMetrics.bind(node);
      node.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      // After the node: /health/ready then answers from the first request on.
      new ManagementServer(vertx, config.management(), node, metrics).start()
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      CountDownLatch stopped = new CountDownLatch(1);
      HazelcastInstance member = hz;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        int status = 1;
        try {
          // SIGTERM: stop accepting, hand parked calls over to the other nodes, leave the cluster, exit.
          int left = node.drain(DRAIN_TIMEOUT).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
          if (left > 0) {
            System.err.println("callpark: " + left + " parked call(s) not handed over within " + DRAIN_TIMEOUT);
          }
          vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
          status = left > 0 ? 1 : 0;
        } catch (Exception e) {
          System.err.println("shutdown: " + e);
        } finally {
          if (member != null) {
            member.shutdown();
          }
          stopped.countDown();
          // A JVM ended by a signal exits 128+signal (143 for SIGTERM) whatever its hooks did, and
          // System.exit from a hook blocks for ever: halt, the last step of the drain, says how it went.
          System.out.flush();
          System.err.flush();
          Runtime.getRuntime().halt(status);
        }
      }, "callpark-shutdown"));
      stopped.await();
      return 0;
    }
  }
}
