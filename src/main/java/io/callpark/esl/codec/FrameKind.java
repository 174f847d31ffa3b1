package io.callpark.esl.codec;

/**
 * What a frame is, from its {@code Content-Type} (mod_event_socket.c; every value seen in
 * ../shared/freeswitch/*.frames.json plus {@code text/rude-rejection}, sent when the ACL refuses us).
 */
public enum FrameKind {
  AUTH_REQUEST("auth/request"),
  COMMAND_REPLY("command/reply"),
  API_RESPONSE("api/response"),
  EVENT_PLAIN("text/event-plain"),
  EVENT_JSON("text/event-json"),
  EVENT_XML("text/event-xml"),
  DISCONNECT_NOTICE("text/disconnect-notice"),
  RUDE_REJECTION("text/rude-rejection"),
  LOG_DATA("log/data"),
  /** A content type we do not know; kept, not dropped, so callers can log it. */
  UNKNOWN("");

  private final String contentType;

  FrameKind(String contentType) {
    this.contentType = contentType;
  }

  public String contentType() {
    return contentType;
  }

  public boolean isEvent() {
    return this == EVENT_PLAIN || this == EVENT_JSON || this == EVENT_XML;
  }

  public static FrameKind of(String contentType) {
    if (contentType == null) {
      return UNKNOWN;
    }
    switch (contentType) {
      case "auth/request": return AUTH_REQUEST;
      case "command/reply": return COMMAND_REPLY;
      case "api/response": return API_RESPONSE;
      case "text/event-plain": return EVENT_PLAIN;
      case "text/event-json": return EVENT_JSON;
      case "text/event-xml": return EVENT_XML;
      case "text/disconnect-notice": return DISCONNECT_NOTICE;
      case "text/rude-rejection": return RUDE_REJECTION;
      case "log/data": return LOG_DATA;
      default: return UNKNOWN;
    }
  }
}
