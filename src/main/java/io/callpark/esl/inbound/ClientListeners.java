package io.callpark.esl.inbound;

import io.callpark.esl.codec.EslEvent;
import io.vertx.core.Handler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event and connection-state handlers of one {@link InboundClient}. Handlers may be added from any
 * thread; they are called on the client's context, in the order they were added. A handler that throws
 * is logged and the others still run: one buggy consumer must not cut the box off for the rest.
 *
 * <p>Thread-safe.
 */
final class ClientListeners {
  private static final Logger log = LoggerFactory.getLogger(InboundClient.class);

  private final String where;
  private final List<Handler<EslEvent>> eventHandlers = new CopyOnWriteArrayList<>();
  private final List<Handler<ConnectionStateChange>> stateHandlers = new CopyOnWriteArrayList<>();

  ClientListeners(String where) {
    this.where = where;
  }

  void addEventHandler(Handler<EslEvent> handler) {
    eventHandlers.add(java.util.Objects.requireNonNull(handler, "handler"));
  }

  void addStateHandler(Handler<ConnectionStateChange> handler) {
    stateHandlers.add(java.util.Objects.requireNonNull(handler, "handler"));
  }

  void event(EslEvent event) {
    for (Handler<EslEvent> h : eventHandlers) {
      try {
        h.handle(event);
      } catch (RuntimeException e) {
        log.error("{}: an event handler failed on {}", where, event, e);
      }
    }
  }

  void stateChanged(ConnectionStateChange change) {
    for (Handler<ConnectionStateChange> h : stateHandlers) {
      try {
        h.handle(change);
      } catch (RuntimeException e) {
        log.error("{}: a connection state handler failed on {}", where, change, e);
      }
    }
  }
}
