package io.callpark.sim;

import java.util.Map;

/** Hangup causes and their Q.850 codes ({@code variable_hangup_cause_q850}; switch_channel.c CAUSE_CHART). */
final class Q850 {
  private static final Map<String, Integer> CODES = Map.ofEntries(
      Map.entry("UNALLOCATED_NUMBER", 1), Map.entry("NO_ROUTE_DESTINATION", 3),
      Map.entry("NORMAL_CLEARING", 16), Map.entry("USER_BUSY", 17), Map.entry("NO_USER_RESPONSE", 18),
      Map.entry("NO_ANSWER", 19), Map.entry("CALL_REJECTED", 21), Map.entry("DESTINATION_OUT_OF_ORDER", 27),
      Map.entry("NORMAL_TEMPORARY_FAILURE", 41), Map.entry("INCOMPATIBLE_DESTINATION", 88),
      Map.entry("RECOVERY_ON_TIMER_EXPIRE", 102), Map.entry("ORIGINATOR_CANCEL", 487),
      Map.entry("ATTENDED_TRANSFER", 0), Map.entry("MANAGER_REQUEST", 0), Map.entry("LOSE_RACE", 0));

  private Q850() {}

  static int code(String cause) {
    return CODES.getOrDefault(cause, 0);
  }

  static boolean known(String cause) {
    return CODES.containsKey(cause);
  }
}
