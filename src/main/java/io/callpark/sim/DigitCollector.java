package io.callpark.sim;

import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * {@code play_and_get_digits} and {@code read}: the prompt "plays" while DTMF is already accepted (DTMF the
 * test sends with {@link FakeFreeSwitch#sendDtmf} or a controller with {@code uuid_recv_dtmf}); a try ends on
 * a terminator, on {@code max} digits, or after {@code timeout} ms without a digit; valid input (at least
 * {@code min} digits, matching the regexp if one was given) goes to the named variable and
 * {@code read_result=success}. After the last failed try the variable stays unset and
 * {@code read_result} is {@code timeout} or {@code failure}.
 *
 * <p>Not thread-safe: one instance per running application, on the box's context.
 */
final class DigitCollector {
  private final SimBox box;
  private final AppCall call;
  private final int min;
  private final int max;
  private final int tries;
  private final long timeoutMs;
  private final long digitTimeoutMs;
  private final String terminators;
  private final String variable;
  private final Pattern regex;
  private final StringBuilder digits = new StringBuilder();
  private final Consumer<String> listener = this::onDigit;
  private int attempt = 1;
  private long timer = -1;

  private DigitCollector(SimBox box, AppCall call, int min, int max, int tries, long timeoutMs, long digitTimeoutMs,
      String terminators, String variable, String regex) {
    this.box = box;
    this.call = call;
    this.min = min;
    this.max = max;
    this.tries = Math.max(1, tries);
    this.timeoutMs = Math.max(1, timeoutMs);
    this.digitTimeoutMs = Math.max(1, digitTimeoutMs);
    this.terminators = terminators == null || terminators.equals("none") ? "" : terminators;
    this.variable = variable;
    this.regex = regex == null || regex.isEmpty() ? null : Pattern.compile(regex);
  }

  /** {@code <min> <max> <tries> <timeout> <terminators> <file> <invalid_file> <var> <regexp> [<digit_timeout>]}. */
  static void playAndGetDigits(SimBox box, AppCall call) {
    String[] a = call.data.trim().split(" +");
    long timeout = arg(a, 3, 5000);
    new DigitCollector(box, call, (int) arg(a, 0, 1), (int) arg(a, 1, 1), (int) arg(a, 2, 1), timeout,
        arg(a, 9, timeout), a.length > 4 ? a[4] : "#", a.length > 7 ? a[7] : "pagd_input",
        a.length > 8 ? a[8] : null).begin();
  }

  /** {@code read <min> <max> <sound_file> <var> <timeout> <terminators>}. */
  static void read(SimBox box, AppCall call) {
    String[] a = call.data.trim().split(" +");
    long timeout = arg(a, 4, 5000);
    new DigitCollector(box, call, (int) arg(a, 0, 1), (int) arg(a, 1, 1), 1, timeout, timeout,
        a.length > 5 ? a[5] : "#", a.length > 3 ? a[3] : "read_input", null).begin();
  }

  private void begin() {
    call.channel.dtmfListeners.add(listener);
    call.onBreak(() -> arm(timeoutMs));
    call.onInterrupt(why -> {
      cleanup();
      call.finish("_none_", AppCall.Next.STOP);
    });
    arm(timeoutMs);
  }

  private void onDigit(String d) {
    if (call.finished()) {
      return;
    }
    if (terminators.contains(d)) {
      endTry();
      return;
    }
    digits.append(d);
    if (digits.length() >= max) {
      endTry();
    } else {
      arm(digitTimeoutMs);
    }
  }

  private void arm(long ms) {
    if (timer >= 0) {
      box.vertx().cancelTimer(timer);
    }
    timer = box.vertx().setTimer(ms, id -> {
      timer = -1;
      endTry();
    });
  }

  private void endTry() {
    String got = digits.toString();
    boolean ok = got.length() >= min && (regex == null || regex.matcher(got).matches());
    if (ok) {
      call.channel.setVar(variable, got);
      call.channel.setVar("read_result", "success");
      cleanup();
      call.finish("_none_");
      return;
    }
    if (attempt >= tries) {
      call.channel.setVar("read_result", got.isEmpty() ? "timeout" : "failure");
      cleanup();
      call.finish("_none_");
      return;
    }
    attempt++;
    digits.setLength(0);
    arm(timeoutMs);
  }

  private void cleanup() {
    if (timer >= 0) {
      box.vertx().cancelTimer(timer);
      timer = -1;
    }
    call.channel.dtmfListeners.remove(listener);
  }

  private static long arg(String[] a, int i, long dflt) {
    return i < a.length ? BasicApps.parseLong(a[i], dflt) : dflt;
  }
}
