package io.callpark.esl.inbound;

/**
 * FreeSWITCH refused the connection: a wrong password ({@code -ERR invalid}, after which it closes the
 * socket; mod_event_socket.c parse_command) or its ACL ({@code text/rude-rejection}). Leads to
 * {@link ConnectionState#AUTH_FAILED}. The message never contains the password.
 */
public final class EslAuthException extends EslConnectionException {
  public EslAuthException(String message) {
    super(message);
  }
}
