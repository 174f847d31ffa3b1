package io.callpark.cli;

/**
 * The exit codes of every {@code callpark} command, for scripts and systemd: the numbers
 * docs/operations.md lists and {@code --help} shows in its footers. Constants only.
 */
public final class ExitCode {
  /** Done; for {@code status}: the node is ready. */
  public static final int OK = 0;
  /** Anything else: the node answered with an HTTP error or with something that is not its JSON, a run-time failure. */
  public static final int FAILURE = 1;
  /** Bad arguments or a bad config file (picocli's own usage code is 2 as well). */
  public static final int USAGE = 2;
  /** Nobody answered at the management URL: connection refused, unknown host or timed out. */
  public static final int UNREACHABLE = 3;
  /** {@code status}: the node answered but is not ready to take calls. */
  public static final int NOT_READY = 4;

  /** Lines of the {@code --help} footers (annotation values must be constants, so one per line). */
  public static final String HELP_TITLE = "Exit codes:";
  public static final String HELP_OK = "  0  ok (status: the node is ready)";
  public static final String HELP_FAILURE = "  1  other failure: HTTP error or malformed answer from the node, run-time error";
  public static final String HELP_USAGE = "  2  bad arguments or configuration (--url, --timeout, --config)";
  public static final String HELP_UNREACHABLE =
      "  3  node unreachable at the management URL (refused, unknown host, timeout)";
  public static final String HELP_NOT_READY = "  4  status: the node answered but is not ready";

  private ExitCode() {}
}
