package io.callpark.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpark.it.chaos.ChaosCall.Role;
import io.callpark.it.chaos.Violations.Invariant;
import io.callpark.sim.ChannelSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The chaos run's invariant 1 checker fails when it should (a checker that cannot fail checks nothing). */
class SlotClaimsTest {
  private final Map<String, ChaosCall> calls = new ConcurrentHashMap<>();
  private final Violations violations = new Violations();

  private ChaosCall call(String uuid, Role role) {
    ChaosCall c = new ChaosCall(uuid, 1, role, "1000");
    calls.put(uuid, c);
    return c;
  }

  private static ChannelSnapshot snapshot(String uuid, String slot, String bridgedTo, boolean ended) {
    Map<String, String> vars = slot == null ? Map.of() : Map.of("callpark_lot", "default", "callpark_slot", slot);
    return new ChannelSnapshot(uuid, "sofia/internal/1000@127.0.0.1", "CS_EXECUTE", "ACTIVE", "answered", "inbound",
        "Caller", "1000", "5901", "default", vars, bridgedTo, "playback", "local_stream://moh", null, true,
        List.of(1L), ended);
  }

  private static void feed(SlotClaims claims, ChaosCall c, ChannelSnapshot s) {
    c.observe(s);
    claims.update(c);
  }

  @Test
  void twoLiveChannelsClaimingOneSlotPastTheGraceAreAViolation() {
    SlotClaims claims = new SlotClaims(calls, violations, Duration.ZERO);
    feed(claims, call("a", Role.PARKS), snapshot("a", "6001", null, false));
    feed(claims, call("b", Role.PARKS), snapshot("b", "6001", null, false));

    claims.sweep();

    assertThat(violations.of(Invariant.ONE_CALL_PER_SLOT)).singleElement().asString().contains("slot default/6001");
  }

  @Test
  void anOverlapThatEndsWithinTheGraceIsOnlyCounted() {
    SlotClaims claims = new SlotClaims(calls, violations, Duration.ofHours(1));
    ChaosCall a = call("a", Role.PARKS);
    feed(claims, a, snapshot("a", "6001", null, false));
    feed(claims, call("b", Role.PARKS), snapshot("b", "6001", null, false));
    feed(claims, a, snapshot("a", "6001", "retriever", false));

    claims.sweep();

    assertThat(violations.total()).isZero();
    assertThat(claims.transientOverlaps()).isEqualTo(1);
  }

  @Test
  void twoParkedCallersBridgedTogetherAreAViolationAtOnce() {
    SlotClaims claims = new SlotClaims(calls, violations, Duration.ofHours(1));
    ChaosCall a = call("a", Role.PARKS);
    ChaosCall b = call("b", Role.PARKS_TIMED);
    feed(claims, a, snapshot("a", "6001", null, false));
    feed(claims, b, snapshot("b", "6002", null, false));

    feed(claims, a, snapshot("a", "6001", "b", false));

    assertThat(violations.of(Invariant.ONE_CALL_PER_SLOT)).singleElement().asString().contains("bridged together");
  }

  @Test
  void aParkedCallerBridgedToItsRetrieverIsNoViolation() {
    SlotClaims claims = new SlotClaims(calls, violations, Duration.ZERO);
    ChaosCall a = call("a", Role.PARKS);
    call("r", Role.RETRIEVES);
    feed(claims, a, snapshot("a", "6001", null, false));

    feed(claims, a, snapshot("a", "6001", "r", false));
    claims.sweep();

    assertThat(violations.total()).isZero();
  }
}
