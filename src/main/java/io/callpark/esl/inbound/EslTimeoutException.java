package io.callpark.esl.inbound;

/**
 * No answer in time: a command got no reply within {@link InboundOptions#commandTimeout()} (the
 * connection is then closed and reopened, see {@link InboundClient}), or a bgapi got no BACKGROUND_JOB
 * within its timeout (the connection stays up).
 */
public final class EslTimeoutException extends RuntimeException {
  public EslTimeoutException(String message) {
    super(message);
  }
}
