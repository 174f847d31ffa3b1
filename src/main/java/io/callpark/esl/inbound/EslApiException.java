package io.callpark.esl.inbound;

/**
 * FreeSWITCH answered a command with {@code -ERR ...}: an {@code api} body such as
 * {@code -ERR No such channel!\n} (fact 41) for {@link InboundClient#apiOk}, a refused {@code bgapi} or
 * {@code sendevent}. The connection is fine; only this command failed. {@link #reply()} is FreeSWITCH's
 * text as received.
 */
public final class EslApiException extends RuntimeException {
  private final String command;
  private final String reply;

  public EslApiException(String command, String reply) {
    super("'" + command + "' failed: " + reply.strip());
    this.command = command;
    this.reply = reply;
  }

  /** The command as sent, e.g. {@code api uuid_kill 0000...}. */
  public String command() {
    return command;
  }

  /** FreeSWITCH's reply text or api body, unchanged (e.g. {@code "-ERR No such channel!\n"}). */
  public String reply() {
    return reply;
  }
}
