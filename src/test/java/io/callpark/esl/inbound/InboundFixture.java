package io.callpark.esl.inbound;

import static io.callpark.esl.testing.Await.result;

import io.callpark.esl.codec.EslEvent;
import io.callpark.esl.testing.ScriptedEslServer;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Vert.x instance, a {@link ScriptedEslServer} with password {@code ClueCon}, and a client whose
 * state changes, events and Job-UUIDs are recorded. Backoff randomness is fixed at 1.0, so each delay
 * is exactly its base (10, 20, 40, 40 ... ms).
 */
final class InboundFixture implements AutoCloseable {
  static final Duration INITIAL = Duration.ofMillis(10);
  static final Duration MAX = Duration.ofMillis(40);

  final Vertx vertx = Vertx.vertx();
  final ScriptedEslServer fs = result(new ScriptedEslServer("ClueCon").listen(vertx));
  final List<ConnectionStateChange> changes = new CopyOnWriteArrayList<>();
  final List<EslEvent> events = new CopyOnWriteArrayList<>();
  final List<String> jobUuids = new CopyOnWriteArrayList<>();
  InboundClient client;

  InboundOptions options() {
    return InboundOptions.of("fs1", "127.0.0.1", fs.port(), "ClueCon")
        .withBackoff(INITIAL, MAX)
        .withCommandTimeout(Duration.ofSeconds(2));
  }

  InboundClient client(InboundOptions options) {
    client = InboundClient.create(vertx, options, new Backoff(options.initialBackoff(), options.maxBackoff(), () -> 1.0),
        () -> {
          String id = UUID.randomUUID().toString();
          jobUuids.add(id);
          return id;
        });
    client.connectionStateHandler(changes::add);
    client.eventHandler(events::add);
    return client;
  }

  /** A client with {@link #options()}, started and connected. */
  InboundClient connected() {
    client(options());
    result(client.start());
    return client;
  }

  List<ConnectionState> states() {
    return changes.stream().map(ConnectionStateChange::state).toList();
  }

  /** A port where nothing listens (a server that was just closed). */
  int deadPort() {
    var server = result(vertx.createNetServer().connectHandler(socket -> socket.close()).listen(0, "127.0.0.1"));
    int port = server.actualPort();
    result(server.close());
    return port;
  }

  @Override
  public void close() {
    if (client != null) {
      result(client.close());
    }
    result(fs.close());
    result(vertx.close());
  }
}
