package io.callpark.sim;

/**
 * A channel's caller profile: what FreeSWITCH prints as the {@code Caller-*} block of channel events
 * (and as {@code Channel-*} in the outbound connect reply, {@code Other-Leg-*} on a bridged peer). Fields
 * left null are omitted, as FreeSWITCH omits them (a loopback leg has no {@code Caller-Username}).
 *
 * <p>Not thread-safe: owned by its {@link FakeChannel}, on the box's context.
 */
final class CallerProfile {
  String direction;
  String logicalDirection;
  String username;
  String dialplan;
  String callerIdName;
  String callerIdNumber;
  String origCallerIdName;
  String origCallerIdNumber;
  String calleeIdName;
  String calleeIdNumber;
  String networkAddr;
  String ani;
  String destination;
  String source;
  String transferSource;
  String context;
  String rdnis;
  String channelName;
  int profileIndex = 1;
  long profileCreatedMicros;
}
