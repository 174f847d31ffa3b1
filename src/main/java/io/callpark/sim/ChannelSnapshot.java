package io.callpark.sim;

import java.util.List;
import java.util.Map;

/**
 * What a channel of the fake looked like at one moment: published after every change, read with
 * {@link FakeFreeSwitch#channel(String)} / {@link FakeFreeSwitch#channels()} from any thread (typically inside
 * Awaitility's {@code untilAsserted}).
 *
 * @param state         {@code CS_EXECUTE}, {@code CS_EXCHANGE_MEDIA}, {@code CS_HANGUP} ...
 * @param callState     {@code RINGING}, {@code ACTIVE}, {@code HANGUP} ...
 * @param answerState   {@code ringing}, {@code early}, {@code answered}, {@code hangup}
 * @param application   the innermost running application (e.g. {@code playback}), or null
 * @param controlled    held by the {@code socket} application for an outbound controller right now
 * @param controllerConnections ids of the open outbound connections attached to the channel
 * @param ended         hung up (the snapshot stays readable after the channel is gone)
 *
 * <p>Immutable; thread-safe.
 */
public record ChannelSnapshot(String uuid, String name, String state, String callState, String answerState,
    String direction, String callerIdName, String callerIdNumber, String destination, String context,
    Map<String, String> variables, String bridgedTo, String application, String applicationData,
    String hangupCause, boolean controlled, List<Long> controllerConnections, boolean ended) {

  public String variable(String name) {
    return variables.get(name);
  }

  public boolean answered() {
    return "answered".equals(answerState) || (ended && variables.containsKey("answer_epoch")
        && !"0".equals(variables.get("answer_epoch")));
  }
}
