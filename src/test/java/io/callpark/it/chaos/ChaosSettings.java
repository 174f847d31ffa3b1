package io.callpark.it.chaos;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How one chaos run is shaped: the seed of its schedules, how long the chaos lasts, how often faults
 * and calls come and how many callers may be parked at once. Read from system properties
 * ({@code chaos.seed}, {@code chaos.seconds}, {@code chaos.faultMinMs}, {@code chaos.faultMaxMs},
 * {@code chaos.callEveryMs}, {@code chaos.maxParked}); a missing seed is drawn at random and printed so
 * the run can be repeated. Immutable; thread-safe.
 *
 * @param seed seeds the fault schedule ({@code seed}) and the call load ({@code seed + 1})
 * @param duration how long faults and new calls keep coming
 * @param faultMin shortest gap between two faults
 * @param faultMax longest gap between two faults
 * @param callEvery mean gap between two new calls
 * @param maxParked no new parking call while this many callers are parked (the load stays bounded)
 */
public record ChaosSettings(long seed, Duration duration, Duration faultMin, Duration faultMax, Duration callEvery,
    int maxParked) {

  /** The settings the system properties give, with {@code defaultSeconds} of chaos unless {@code chaos.seconds} says otherwise. */
  public static ChaosSettings fromSystemProperties(int defaultSeconds) {
    String seed = System.getProperty("chaos.seed", "");
    return new ChaosSettings(seed.isBlank() ? ThreadLocalRandom.current().nextLong(1, 1_000_000_000L) : Long.parseLong(seed.trim()),
        Duration.ofSeconds(Long.getLong("chaos.seconds", defaultSeconds)),
        Duration.ofMillis(Long.getLong("chaos.faultMinMs", 2_500)),
        Duration.ofMillis(Long.getLong("chaos.faultMaxMs", 5_500)),
        Duration.ofMillis(Long.getLong("chaos.callEveryMs", 400)),
        Integer.getInteger("chaos.maxParked", 12));
  }

  /** The command that repeats this run's schedules. */
  public String reproduce() {
    return "mvn -B -ntp -Pchaos verify -Dchaos.seed=" + seed + " -Dchaos.seconds=" + duration.toSeconds();
  }
}
