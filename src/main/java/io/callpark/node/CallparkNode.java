package io.callpark.node;

import io.callpark.config.BoxConfig;
import io.callpark.config.CallparkConfig;
import io.callpark.esl.inbound.InboundClient;
import io.callpark.esl.link.BoxLinks;
import io.callpark.esl.link.InboundLink;
import io.callpark.esl.outbound.OutboundServer;
import io.callpark.parking.ParkEvents;
import io.callpark.parking.ParkingContext;
import io.callpark.parking.ParkingService;
import io.callpark.parking.RecallTimers;
import io.callpark.parking.store.SlotStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One callpark controller node, wired: inbound links to every box, the slot store, the parking
 * service behind the outbound listener, and the deadline timers. {@link #start()} brings it up;
 * {@link #stop()} closes the listener first (no new calls), then the timers and links.
 *
 * <p>Thread-safe: start/stop may be called from any thread.
 */
public final class CallparkNode {
  private static final Logger log = LoggerFactory.getLogger(CallparkNode.class);

  private final Vertx vertx;
  private final CallparkConfig config;
  private final List<InboundLink> links = new ArrayList<>();
  private final ParkingService parking;
  private final RecallTimers timers;
  private final OutboundServer outbound;

  public CallparkNode(Vertx vertx, CallparkConfig config, SlotStore store, Clock clock) {
    this.vertx = vertx;
    this.config = config;
    for (BoxConfig box : config.boxes()) {
      links.add(new InboundLink(InboundClient.create(vertx, box.options()), box.domain()));
    }
    BoxLinks boxLinks = new BoxLinks(links);
    ParkEvents events = new ParkEvents(config.nodeId(), boxLinks);
    ParkingContext ctx = new ParkingContext(config.nodeId(), config.lots(), config.defaultLot(), store, boxLinks,
        events, clock, config.dialplan(), config.messageParker());
    this.parking = new ParkingService(ctx);
    links.forEach(l -> l.client().eventHandler(parking::onBoxEvent));
    this.timers = new RecallTimers(ctx);
    this.outbound = new OutboundServer(vertx, config.outbound(), parking::handle);
  }

  public ParkingService parking() {
    return parking;
  }

  public RecallTimers timers() {
    return timers;
  }

  public List<InboundLink> links() {
    return links;
  }

  /**
   * Starts the links (without waiting for them: a box that is down is retried in the background and
   * must not keep calls from other boxes out), the timers, then the listener. Completes with the
   * outbound port.
   */
  public Future<Integer> start() {
    for (InboundLink l : links) {
      l.client().start().onFailure(e -> log.warn("box {} not reachable yet: {}", l.boxId(), e.getMessage()));
    }
    timers.start(vertx, config.timerPeriod());
    return outbound.start().onSuccess(port -> log.info("node {} up: outbound {}:{}, boxes {}, lots {}",
        config.nodeId(), config.outbound().host(), port, links.stream().map(InboundLink::boxId).toList(),
        config.lots().keySet()));
  }

  public int outboundPort() {
    return outbound.port();
  }

  public Future<Void> stop() {
    return outbound.stop().eventually(() -> {
      timers.stop(vertx);
      List<Future<Void>> closing = new ArrayList<>();
      links.forEach(l -> closing.add(l.client().close()));
      return Future.join(closing).mapEmpty();
    });
  }
}
