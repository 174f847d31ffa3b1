package io.callpark.esl.outbound;

/** A command or execute could not complete because the call's connection closed or the call hung up. */
public final class CallClosedException extends RuntimeException {
  public CallClosedException(String message) {
    super(message, null, false, false);
  }
}
