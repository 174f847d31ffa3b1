/**
 * FakeFreeSwitch: a simulated FreeSWITCH 1.11.1 box that speaks the real event socket, for callpark's
 * tests, the demo and the benchmarks (STYLE.md §7, after OkHttp's MockWebServer).
 *
 * <h2>Use</h2>
 * <pre>{@code
 * FakeFreeSwitch fs = FakeFreeSwitch.start(vertx, SimConfig.builder()
 *     .dialplan(new FakeDialplan().extension("5000", "socket 127.0.0.1:8084 async full"))
 *     .build()).toCompletionStage().toCompletableFuture().get();
 * // inbound ESL: connect to fs.host():fs.port(), password fs.password()
 * String uuid = fs.placeCall(CallSpec.builder("5000").from("Alice", "1000")
 *     .variable("sip_h_Referred-By", "<sip:1001@127.0.0.1>").build()).toCompletionStage()...;
 * fs.firePresenceProbe("6001", "1001");
 * await().until(() -> fs.presenceIn().size() == 1);   // the sendevent PRESENCE_IN callpark sent
 * fs.requests();                                      // every command received, per connection
 * fs.policy().chunking(SimPolicy.Chunking.EVERY_BYTE);  // misbehave
 * }</pre>
 *
 * <h2>What is simulated</h2>
 * <ul>
 *   <li>mod_event_socket inbound: auth (wrong password → {@code -ERR invalid}, goodbye, close; anything
 *       else before auth → {@code -ERR command not found}), event plain/json/xml with CUSTOM subclasses,
 *       filter/filter delete, nixevent, noevents, myevents &lt;uuid&gt;, log/nolog with log/data frames, api,
 *       bgapi (own or made Job-UUID, BACKGROUND_JOB), the API event of every call, sendevent (echo with
 *       {@code Command}, recorded), sendmsg &lt;uuid&gt;, exit, unknown commands.</li>
 *   <li>The outbound socket application: targets with {@code |} failover, connect reply with channel data,
 *       myevents, linger/nolinger, resume, getvar, divert_events, sendmsg execute (CHANNEL_PARK on the first,
 *       Application-UUID = Event-UUID, nested execution and event-lock queueing, loops, argument as body)
 *       and hangup; linger/disconnect notices in the captured order (SIP: before CS_REPORTING); controller
 *       loss with and without socket_resume; transfer and uuid_transfer keep the old socket attached.</li>
 *   <li>Applications: answer, pre_answer, ring_ready, set, export, unset, multiset, log, event, info, sleep,
 *       echo, hangup, park, transfer, playback/endless_playback/say/phrase/speak (timing only), read,
 *       play_and_get_digits, bridge (endpoint, {@code loopback/} or another box), uuid_bridge/intercept,
 *       socket. An unknown one hangs up DESTINATION_OUT_OF_ORDER.</li>
 *   <li>Api: status, version, show channels [as json|count], uuid_bridge, uuid_kill, uuid_transfer,
 *       uuid_getvar, uuid_setvar, uuid_exists, uuid_break, uuid_recv_dtmf, uuid_send_dtmf, uuid_answer,
 *       uuid_park, originate (waits for the answer), hupall, chat, log, eval, global_getvar/setvar, plus
 *       {@link io.callpark.sim.FakeFreeSwitch#registerApi custom handlers}.</li>
 *   <li>Channels with SIP or loopback identity, caller profile, variables in FreeSWITCH's order, CDR
 *       variables at hangup, PRESENCE_PROBE, HEARTBEAT/RE_SCHEDULE.</li>
 * </ul>
 *
 * <h2>What is not</h2>
 * No media, RTP or SIP (phones are {@link io.callpark.sim.SimEndpoint}s); no mod_valet_parking (a test can
 * register {@code valet_info} or fire its events with {@code fireEvent}); no XML dialplan conditions beyond
 * exact/regex extensions; no userauth/ACL beyond the rude-rejection knob; static (non-async) socket mode;
 * event-xml and event-json bodies are approximations (plain is byte-exact).
 *
 * <h2>Threads</h2>
 * One Vert.x context per box owns all state; {@link io.callpark.sim.FakeFreeSwitch}'s methods are
 * thread-safe (futures complete on that context, accessors return immutable snapshots).
 */
package io.callpark.sim;
