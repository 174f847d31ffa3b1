package io.callpark.sim;

import io.callpark.esl.codec.EslHeaders;

/**
 * The channel variables of a SIP phone calling in, as sofia sets them on an INVITE that passed digest
 * authentication (auth-calls=true), in sofia's order — including the {@code variable_Event-*} headers the
 * REQUEST_PARAMS directory lookup leaves behind. CapturedShapeTest holds them to outbound_sip_auth_call.
 * Another box's leg ({@link CallSpec#asPeerLeg}) has no authentication variables and comes from that
 * box's address, like the fetch leg of crossbox_fetch_leg_channel_data.
 *
 * <p>Stateless; runs on the box's context.
 */
final class SipVariables {
  private SipVariables() {}

  /** Sets the variables on {@code ch} (fact 54). */
  static void set(SimBox box, FakeChannel ch, CallSpec spec, String user, String domain, String callId,
      String tag, String port) {
    long invite = ch.createdMicros;
    String dest = spec.destination;
    String source = spec.peerIp != null ? spec.peerIp : domain;
    ch.setVar("direction", "inbound");
    ch.setVar("uuid", ch.uuid);
    ch.setVar("session_id", Long.toString(box.nextSessionId()));
    ch.setVar("sip_from_user", user);
    ch.setVar("sip_from_uri", user + "@" + domain);
    ch.setVar("sip_from_host", domain);
    ch.setVar("video_media_flow", "disabled");
    ch.setVar("text_media_flow", "disabled");
    ch.setVar("channel_name", ch.name);
    ch.setVar("sip_call_id", callId);
    ch.setVar("sip_local_network_addr", domain);
    ch.setVar("sip_network_ip", source);
    ch.setVar("sip_network_port", port);
    ch.setVar("sip_invite_stamp", Long.toString(invite));
    ch.setVar("sip_received_ip", source);
    ch.setVar("sip_received_port", port);
    ch.setVar("sip_via_protocol", "udp");
    if (!spec.peerLeg()) { // another box's leg is not challenged: no digest, no directory lookup
      ch.setVar("sip_authorized", "true");
      EslHeaders params = box.events().core("REQUEST_PARAMS", new Src("sofia.c", "sofia_handle_sip_i_invite", 10735)).build();
      for (int i = 0; i < params.size(); i++) {
        ch.setVar(params.name(i), params.value(i));
      }
      ch.setVar("sip_number_alias", user);
      ch.setVar("sip_auth_username", user);
      ch.setVar("sip_auth_realm", domain);
      ch.setVar("number_alias", user);
      ch.setVar("requested_user_name", user);
      ch.setVar("requested_domain_name", domain);
      ch.setVar("user_context", spec.context);
      ch.setVar("user_name", user);
      ch.setVar("domain_name", domain);
    }
    ch.setVar("sip_from_user_stripped", user);
    ch.setVar("sip_from_tag", tag);
    ch.setVar("sofia_profile_name", "internal");
    ch.setVar("sofia_profile_url", "sip:mod_sofia@" + domain + ":5060");
    ch.setVar("recovery_profile_name", "internal");
    ch.setVar("sip_full_via", "SIP/2.0/UDP " + domain + ":" + port + ";branch=z9hG4bK-" + tag);
    ch.setVar("sip_from_display", spec.callerIdName);
    ch.setVar("sip_full_from", "\"" + spec.callerIdName + "\" <sip:" + user + "@" + domain + ">;tag=" + tag);
    ch.setVar("sip_full_to", "<sip:" + dest + "@" + domain + ":5060>");
    ch.setVar("sip_req_user", dest);
    ch.setVar("sip_req_port", "5060");
    ch.setVar("sip_req_uri", dest + "@" + domain + ":5060");
    ch.setVar("sip_req_host", domain);
    ch.setVar("sip_to_user", dest);
    ch.setVar("sip_to_port", "5060");
    ch.setVar("sip_to_uri", dest + "@" + domain + ":5060");
    ch.setVar("sip_to_host", domain);
    ch.setVar("sip_contact_user", user);
    ch.setVar("sip_contact_port", port);
    ch.setVar("sip_contact_uri", user + "@" + domain + ":" + port);
    ch.setVar("sip_contact_host", domain);
    ch.setVar("sip_via_host", domain);
    ch.setVar("sip_via_port", port);
    ch.setVar("max_forwards", "70");
    ch.setVar("presence_id", ch.presenceId);
    ch.setVar("switch_r_sdp", "v=0\r\no=user1 53655765 2353687637 IN IP4 " + domain + "\r\ns=-\r\nc=IN IP4 " + domain
        + "\r\nt=0 0\r\nm=audio 16000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n");
    ch.setVar("ep_codec_string", "CORE_PCM_MODULE.PCMU@8000h@20i@64000b");
    ch.setVar("rtp_use_codec_string", "PCMU,PCMA");
    ch.setVar("remote_video_media_flow", "inactive");
    ch.setVar("remote_text_media_flow", "inactive");
    ch.setVar("remote_audio_media_flow", "sendrecv");
    ch.setVar("audio_media_flow", "sendrecv");
    ch.setVar("remote_media_ip", domain);
    ch.setVar("remote_media_port", "16000");
    ch.setVar("rtp_audio_recv_pt", "0");
    ch.setVar("rtp_use_codec_name", "PCMU");
    ch.setVar("rtp_use_codec_rate", "8000");
    ch.setVar("rtp_use_codec_ptime", "20");
    ch.setVar("rtp_use_codec_channels", "1");
    ch.setVar("rtp_last_audio_codec_string", "PCMU@8000h@20i@1c");
    ch.setVar("read_codec", "PCMU");
    ch.setVar("original_read_codec", "PCMU");
    ch.setVar("read_rate", "8000");
    ch.setVar("original_read_rate", "8000");
    ch.setVar("write_codec", "PCMU");
    ch.setVar("write_rate", "8000");
    ch.setVar("dtmf_type", "info");
    ch.setVar("endpoint_disposition", spec.answered ? "ANSWER" : "RECEIVED");
  }
}
