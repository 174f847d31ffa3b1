package io.callpark.cli;

import io.callpark.Main;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@code callpark ARGS} in this process as {@code Main.main} would, capturing stdout and stderr. */
final class Cli {
  /** What one run printed and returned. */
  record Run(int exitCode, String out, String err) {}

  private Cli() {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    return new Run(code, out.toString(), err.toString());
  }
}
