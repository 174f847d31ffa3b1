package io.callpark.esl.inbound;

/**
 * The link to a FreeSWITCH box could not carry a command: not connected (commands fail fast rather
 * than queue), lost while the command waited for its reply, or the client was closed. The message
 * names the box and its address; the cause, when there is one, says why the link went down.
 */
public class EslConnectionException extends RuntimeException {
  public EslConnectionException(String message) {
    super(message);
  }

  public EslConnectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
