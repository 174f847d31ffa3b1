package io.callpark.parking;

import io.callpark.esl.codec.EslHeaders;
import io.callpark.esl.link.BoxLinks;
import io.callpark.esl.link.FreeSwitchLink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes {@link ParkEvent}s: to in-process listeners, to the log in plain words, and to every
 * connected FreeSWITCH box as {@code sendevent CUSTOM} with {@code Event-Subclass: callpark::info} and
 * valet_parking::info's headers ({@code Action}, {@code Valet-Lot-Name}, {@code Valet-Extension},
 * {@code Bridge-To-UUID}, {@code Unique-ID}: fact 59-60) plus {@code Callpark-Event} and
 * {@code Callpark-Node}, so tools listening for valet events keep working.
 *
 * <p>Values from the far end (caller ID) are passed through {@link Sanitize#headerValue} first; the
 * encoder would refuse CR/LF anyway, but an event should not be lost for it. Thread-safe.
 */
public final class ParkEvents {
  public static final String SUBCLASS = "callpark::info";
  private static final Logger log = LoggerFactory.getLogger(ParkEvents.class);

  private final String nodeId;
  private final BoxLinks links;
  private final List<Consumer<ParkEvent>> listeners = new CopyOnWriteArrayList<>();

  public ParkEvents(String nodeId, BoxLinks links) {
    this.nodeId = nodeId;
    this.links = links;
  }

  public void listen(Consumer<ParkEvent> listener) {
    listeners.add(listener);
  }

  public void publish(ParkEvent e) {
    log.info("{} {}/{} call={}{}{}", e.type().wireName(), e.lot(), e.slot(), e.callUuid(),
        e.otherUuid() == null ? "" : " other=" + e.otherUuid(), e.detail() == null ? "" : " (" + e.detail() + ")");
    for (Consumer<ParkEvent> l : listeners) {
      try {
        l.accept(e);
      } catch (RuntimeException ex) {
        log.error("park event listener failed on {}", e, ex);
      }
    }
    EslHeaders headers = headers(e, nodeId);
    for (FreeSwitchLink link : links.all()) {
      if (link.isConnected()) {
        link.sendEvent("CUSTOM", headers, null).onFailure(ex ->
            log.debug("callpark::info to box {} failed: {}", link.boxId(), ex.getMessage()));
      }
    }
  }

  /** The sendevent headers for {@code e}: valet_parking::info's set first, ours after. */
  static EslHeaders headers(ParkEvent e, String nodeId) {
    EslHeaders.Builder h = EslHeaders.builder()
        .add("Event-Subclass", SUBCLASS)
        .add("Valet-Lot-Name", e.lot())
        .add("Valet-Extension", e.slot())
        .add("Action", e.type().valetAction())
        .add("Bridge-To-UUID", e.otherUuid() == null ? "" : e.otherUuid());
    if (e.callUuid() != null) {
      h.add("Unique-ID", e.callUuid());
    }
    if (e.callerIdName() != null) {
      h.add("Caller-Caller-ID-Name", Sanitize.headerValue(e.callerIdName()));
    }
    h.add("Callpark-Event", e.type().wireName()).add("Callpark-Node", nodeId);
    if (e.detail() != null) {
      h.add("Callpark-Detail", Sanitize.headerValue(e.detail()));
    }
    return h.build();
  }
}
