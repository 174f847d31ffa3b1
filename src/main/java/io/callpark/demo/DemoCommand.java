package io.callpark.demo;

import io.callpark.config.BoxConfig;
import io.callpark.config.CallparkConfig;
import io.callpark.config.ConfigLoader;
import io.callpark.esl.inbound.InboundOptions;
import io.callpark.node.CallparkNode;
import io.callpark.parking.Lot;
import io.callpark.parking.ParkEvent;
import io.callpark.parking.SlotRange;
import io.callpark.parking.store.InMemorySlotStore;
import io.callpark.sim.CallSpec;
import io.callpark.sim.FakeFreeSwitch;
import io.callpark.sim.SimConfig;
import io.callpark.sim.SimEndpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code callpark demo}: a node and a simulated FreeSWITCH box (FakeFreeSwitch) on loopback, with
 * simulated phones that park, retrieve, abandon and time out calls. Each step is told in plain words,
 * followed by what callpark did. What a newcomer runs first.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Runs a node against a simulated FreeSWITCH and walks through parking.",
        "A direct park, a blind transfer, a retrieve, a caller who hangs up, a timeout with recall, and a park "
            + "into a taken slot.",
        "Everything stays on 127.0.0.1 and stops by itself."})
public final class DemoCommand implements Callable<Integer> {
  @Option(names = "--parking-time", defaultValue = "4s", description = "parking time of the demo lot (default ${DEFAULT-VALUE})")
  String parkingTime;

  private final PrintStream out = System.out;
  private final BlockingQueue<ParkEvent> events = new LinkedBlockingQueue<>();

  @Override
  public Integer call() throws Exception {
    if (System.getenv("CALLPARK_LOG_LEVEL") == null) {
      // The story is told on stdout; the log would drown it. CALLPARK_LOG_LEVEL=INFO shows both.
      ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
          .setLevel(ch.qos.logback.classic.Level.WARN);
    }
    Duration parking = Duration.ofSeconds(Long.parseLong(parkingTime.replace("s", "").trim()));
    Vertx vertx = Vertx.vertx();
    try {
      FakeFreeSwitch fs = get(FakeFreeSwitch.start(vertx, SimConfig.builder()
          .endpoint(SimEndpoint.answering(Duration.ofMillis(500))).build()));
      CallparkConfig base = new ConfigLoader(Map.<String, String>of()::get).embeddedDefault();
      Lot lot = Lot.withDefaults("default", SlotRange.of(6001, 6010)).withTimes(parking, Duration.ofSeconds(10));
      CallparkConfig config = base.withOutbound(base.outbound().withPort(0))
          .withBoxes(List.of(new BoxConfig(InboundOptions.of("fs1", "127.0.0.1", fs.port(), fs.password())
              .withEvents(List.of("BACKGROUND_JOB"), List.of()), "127.0.0.1")))
          .withLots(Map.of("default", lot), "default");
      CallparkNode node = new CallparkNode(vertx, config, new InMemorySlotStore(), Clock.systemUTC());
      node.parking().context().events().listen(this::tell);
      int port = get(node.start());
      String socket = "socket 127.0.0.1:" + port + " async full";
      fs.dialplan()
          .extension("5900", "set callpark_request=default auto in", "set socket_resume=true", socket)
          .extension("sock", "set socket_resume=true", socket)
          .extension("^(60\\d\\d)$", "set callpark_request=default $1", "set socket_resume=true", socket);
      out.printf("callpark demo: node on 127.0.0.1:%d, simulated FreeSWITCH on 127.0.0.1:%d, lot 'default' 6001-6010, "
          + "parking time %d s%n%n", port, fs.port(), parking.toSeconds());
      waitConnected(node);

      step("Alice (1000) dials the park extension 5900 herself.");
      get(fs.placeCall(CallSpec.builder("5900").from("Alice", "1000").build()));
      expect(ParkEvent.Type.PARKED);

      step("Bob is talking to 1001, who presses Park: a blind transfer (REFER) to 5900.");
      get(fs.placeCall(CallSpec.builder("5900").from("Bob", "+15550100").answered()
          .variable("sip_h_Referred-By", "<sip:1001@127.0.0.1>")
          .transferSource("1795553290:0f3c:bl_xfer:5900/default/XML").build()));
      expect(ParkEvent.Type.PARKED);

      step("Reception (1005) dials 6001 to pick up Alice.");
      get(fs.placeCall(CallSpec.builder("6001").from("Reception", "1005").build()));
      expect(ParkEvent.Type.RETRIEVED);

      step("Carol is parked, then gives up and hangs up.");
      String carol = get(fs.placeCall(CallSpec.builder("5900").from("Carol", "1003").build()));
      expect(ParkEvent.Type.PARKED);
      get(fs.hangup(carol));
      expect(ParkEvent.Type.ABANDONED);

      step("Erin is sent to slot 6002 explicitly, but Bob is in it. valet_park would bridge them; callpark refuses.");
      get(fs.placeCall(CallSpec.builder("sock").from("Erin", "1004").variable("callpark_request", "default park 6002").build()));
      expect(ParkEvent.Type.REFUSED);

      step("Nobody picks Bob up. After " + parking.toSeconds() + " s callpark rings his parker, 1001, who answers.");
      expect(ParkEvent.Type.RECALL_ANSWERED);

      out.printf("%nDone: every caller was parked, retrieved, recalled or left on their own; nobody shared a slot.%n");
      get(node.stop());
      get(fs.close());
      return 0;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private void waitConnected(CallparkNode node) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!node.links().get(0).isConnected()) {
      if (System.nanoTime() > until) {
        throw new IllegalStateException("the simulated box did not accept the inbound link within 10 s");
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  private void step(String what) {
    out.println("» " + what);
  }

  private void tell(ParkEvent e) {
    events.add(e);
  }

  /** Prints callpark's events until one of {@code type} arrives (or 30 s pass). */
  private void expect(ParkEvent.Type type) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < until) {
      ParkEvent e = events.poll(200, TimeUnit.MILLISECONDS);
      if (e == null) {
        continue;
      }
      out.println("    callpark: " + PlainWords.of(e));
      if (e.type() == type) {
        return;
      }
    }
    throw new IllegalStateException("demo: expected a '" + type.wireName() + "' event within 30 s");
  }

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
  }
}
