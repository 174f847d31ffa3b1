package io.callpark.sim;

/**
 * Where FreeSWITCH fires each event ({@code Event-Calling-File/-Function/-Line-Number}), as seen in the
 * captures' frames.json. Only cosmetic, but keeps the fake's events indistinguishable from the real ones.
 */
record Src(String file, String function, int line) {
  static final Src EXECUTE = new Src("switch_core_session.c", "switch_core_session_exec", 2949);
  static final Src EXECUTE_COMPLETE = new Src("switch_core_session.c", "switch_core_session_exec", 2972);
  static final Src UUID_BRIDGE_EXECUTE = new Src("switch_ivr_bridge.c", "uuid_bridge_on_soft_execute", 1236);
  static final Src PARK = new Src("switch_ivr.c", "switch_ivr_park", 1002);
  static final Src UNPARK = new Src("switch_ivr.c", "switch_ivr_park", 1213);
  static final Src ANSWER = new Src("switch_channel.c", "switch_channel_perform_mark_answered", 3848);
  static final Src PROGRESS_MEDIA = new Src("switch_channel.c", "switch_channel_perform_mark_pre_answered", 3634);
  static final Src STATE = new Src("switch_channel.c", "switch_channel_perform_set_running_state", 2409);
  static final Src CALLSTATE = new Src("switch_channel.c", "switch_channel_perform_set_callstate", 302);
  static final Src HANGUP = new Src("switch_channel.c", "switch_channel_perform_hangup", 3447);
  static final Src HANGUP_COMPLETE = new Src("switch_core_state_machine.c", "switch_core_session_reporting_state", 943);
  static final Src CREATE = new Src("switch_core_state_machine.c", "switch_core_session_run", 626);
  static final Src ORIGINATE = new Src("switch_core_state_machine.c", "switch_core_session_run", 632);
  static final Src OUTGOING = new Src("switch_core_session.c", "switch_core_session_outgoing_channel", 768);
  static final Src DESTROY = new Src("switch_core_session.c", "switch_core_session_perform_destroy", 1588);
  static final Src DTMF = new Src("switch_channel.c", "switch_channel_dequeue_dtmf", 678);
  static final Src BRIDGE = new Src("switch_ivr_bridge.c", "switch_ivr_multi_threaded_bridge", 1689);
  static final Src UNBRIDGE = new Src("switch_ivr_bridge.c", "switch_ivr_multi_threaded_bridge", 1879);
  static final Src PLAYBACK_START = new Src("switch_ivr_play_say.c", "switch_ivr_play_file", 1649);
  static final Src PLAYBACK_STOP = new Src("switch_ivr_play_say.c", "switch_ivr_play_file", 2023);
  static final Src API = new Src("switch_loadable_module.c", "switch_api_execute", 2954);
  static final Src BACKGROUND_JOB = new Src("mod_event_socket.c", "api_exec", 1569);
  static final Src SENDEVENT = new Src("mod_event_socket.c", "parse_command", 2272);
  static final Src CHANNEL_DATA = new Src("mod_event_socket.c", "parse_command", 2018);
  static final Src HEARTBEAT = new Src("switch_core.c", "send_heartbeat", 95);
  static final Src RE_SCHEDULE = new Src("switch_scheduler.c", "switch_scheduler_execute", 73);
  static final Src PRESENCE_PROBE = new Src("sofia_presence.c", "sofia_presence_handle_sip_i_subscribe", 4351);
  static final Src TEST = new Src("mod_commands.c", "event_function", 2563);
}
