package io.callpark.sim;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SIP reachability between simulated boxes, for cross-box retrieval (fact 32): a box's {@code bridge}
 * to {@code sofia/<profile>/<user>@<address>} where another box is {@link #attach attached} at
 * {@code address} arrives there as a new call to {@code <user>} (running that box's dialplan), coming
 * from the dialling box's address, with the leg's caller ID and custom headers ({@link SimEndpoint.Remote}).
 * Any other target is left to the box's own phones ({@code otherwise}).
 *
 * <pre>{@code
 * SipNetwork net = new SipNetwork();
 * FakeFreeSwitch a = ...endpoint(net.endpointFrom("127.0.0.1", phones))...;
 * net.attach("127.0.0.1:5060", a);
 * }</pre>
 *
 * <p>Thread-safe: boxes may be attached after the boxes that dial them have started.
 */
public final class SipNetwork {
  private static final int SIP_PORT = 5060;
  private final Map<String, FakeFreeSwitch> boxes = new ConcurrentHashMap<>();

  /** Makes {@code box} reachable at {@code address} ({@code ip:port}; a bare ip means port 5060). */
  public SipNetwork attach(String address, FakeFreeSwitch box) {
    boxes.put(withPort(address), Objects.requireNonNull(box));
    return this;
  }

  /** The endpoint of a box whose SIP legs leave from {@code sourceIp}. */
  public SimEndpoint endpointFrom(String sourceIp, SimEndpoint otherwise) {
    Objects.requireNonNull(sourceIp);
    Objects.requireNonNull(otherwise);
    return target -> {
      int at = target.lastIndexOf('@');
      String[] parts = target.split("/", 3);
      if (!target.startsWith("sofia/") || at < 0 || parts.length < 3) {
        return otherwise.dial(target);
      }
      FakeFreeSwitch box = boxes.get(withPort(target.substring(at + 1)));
      if (box == null) {
        return otherwise.dial(target);
      }
      String user = parts[2].substring(0, parts[2].lastIndexOf('@'));
      return new SimEndpoint.Remote(box, CallSpec.builder(user).fromPeer(sourceIp).build());
    };
  }

  private static String withPort(String address) {
    boolean bracketed = address.startsWith("[");
    boolean hasPort = bracketed ? address.contains("]:") : address.indexOf(':') >= 0 && address.indexOf(':') == address.lastIndexOf(':');
    return hasPort ? address : address + ":" + SIP_PORT;
  }
}
