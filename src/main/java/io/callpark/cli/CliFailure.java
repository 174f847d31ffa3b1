package io.callpark.cli;

/**
 * A client command that cannot do its job, with the exit code that says why ({@link ExitCode}) and a
 * message for the operator that names the URL involved. {@code Main} prints the message on one line,
 * without a stack trace, and exits with the code. Immutable.
 */
public final class CliFailure extends RuntimeException {
  private final int exitCode;

  public CliFailure(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
