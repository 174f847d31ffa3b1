package io.callpark.sim;

/**
 * A custom {@code api} command registered with {@link FakeFreeSwitch#registerApi}: gets the arguments
 * (everything after the command word, or the empty string) and returns the {@code api/response} body
 * exactly as FreeSWITCH would write it, e.g. {@code "+OK\n"}.
 *
 * <p>Runs on the fake's event loop: it must not block. It may call the fake's thread-safe methods, but
 * must not wait for the futures they return.
 */
@FunctionalInterface
public interface ApiHandler {
  String execute(String args);
}
