package io.callpark.parking.store;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/** Distinct event-loop contexts for tests, one per deployed no-op verticle (round-robin over loops). */
final class Contexts {
  private Contexts() {}

  static List<Context> eventLoops(Vertx vertx, int count) {
    ConcurrentLinkedQueue<Context> contexts = new ConcurrentLinkedQueue<>();
    try {
      vertx.deployVerticle(() -> new VerticleBase() {
        @Override
        public Future<?> start() {
          contexts.add(context);
          return Future.succeededFuture();
        }
      }, new DeploymentOptions().setInstances(count)).toCompletionStage().toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("could not deploy context holders", e);
    }
    return List.copyOf(contexts);
  }
}
