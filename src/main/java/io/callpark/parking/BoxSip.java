package io.callpark.parking;

import io.netty.util.NetUtil;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * How FreeSWITCH boxes reach each other over SIP for a cross-box retrieval (facts 32-33): the address
 * other boxes dial to reach this box ({@code sipAddress}), and the dial-string prefix this box itself
 * uses to dial another box ({@code sofia/internal}). The host is an IP address, never a name: it is
 * also what a fetch leg's source address ({@code sip_network_ip}) is compared with, and resolving a
 * name would block an event loop.
 *
 * <p>Immutable; thread-safe.
 *
 * @param host IPv4 or IPv6 address (IPv6 without brackets)
 * @param port SIP port, 1-65535
 * @param dialPrefix the endpoint before {@code /fetch+N@host:port}, e.g. {@code sofia/internal}
 */
public record BoxSip(String host, int port, String dialPrefix) {
  public static final int DEFAULT_PORT = 5060;
  public static final String DEFAULT_PREFIX = "sofia/internal";
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_.-]{1,64}(/[A-Za-z0-9_.-]{1,64}){0,3}");

  public BoxSip {
    if (host == null || !isIp(host)) {
      throw new IllegalArgumentException("SIP host must be an IP address (callpark compares a fetch leg's source"
          + " address with it), got '" + shorten(host) + "'");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("SIP port must be between 1 and 65535, got " + port);
    }
    checkPrefix(dialPrefix);
  }

  /** @throws IllegalArgumentException unless {@code dialPrefix} looks like {@code sofia/internal} */
  public static String checkPrefix(String dialPrefix) {
    if (dialPrefix == null || !PREFIX.matcher(dialPrefix).matches()) {
      throw new IllegalArgumentException("must look like sofia/internal (letters, digits, '.', '_', '-', separated"
          + " by '/'), got '" + shorten(dialPrefix) + "'");
    }
    return dialPrefix;
  }

  public BoxSip withDialPrefix(String prefix) {
    return new BoxSip(host, port, prefix);
  }

  /**
   * Parses {@code 10.0.0.2:5060}, {@code [fd00::2]:5060}, or a bare address (port {@value #DEFAULT_PORT}).
   *
   * @throws IllegalArgumentException with a message fit for a config error
   */
  public static BoxSip parse(String address, String dialPrefix) {
    String a = address == null ? "" : address.trim();
    String host = a;
    int port = DEFAULT_PORT;
    try {
      if (a.startsWith("[")) {
        int close = a.indexOf(']');
        if (close < 0) {
          throw new IllegalArgumentException("SIP address '" + shorten(a) + "' lacks the closing ']'");
        }
        host = a.substring(1, close);
        String rest = a.substring(close + 1);
        if (!rest.isEmpty()) {
          if (!rest.startsWith(":")) {
            throw new IllegalArgumentException("SIP address must be IP:port, got '" + shorten(a) + "'");
          }
          port = Integer.parseInt(rest.substring(1));
        }
      } else if (a.indexOf(':') >= 0 && a.indexOf(':') == a.lastIndexOf(':')) {
        host = a.substring(0, a.indexOf(':'));
        port = Integer.parseInt(a.substring(a.indexOf(':') + 1));
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("SIP address must be IP:port, got '" + shorten(a) + "'");
    }
    return new BoxSip(host, port, dialPrefix);
  }

  /** The default for a box whose event socket is at {@code eslHost}: that address, port 5060; null if it is a name. */
  public static BoxSip defaultFor(String eslHost) {
    return eslHost != null && isIp(eslHost) ? new BoxSip(eslHost, DEFAULT_PORT, DEFAULT_PREFIX) : null;
  }

  /** {@code host:port}, IPv6 in brackets: what goes after the {@code @} of a dial string. */
  public String address() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  /** Whether {@code ip} (as sofia reports it in {@code sip_network_ip}) is this box's address. */
  public boolean isAddress(String ip) {
    if (ip == null || !isIp(ip)) {
      return false;
    }
    return Arrays.equals(NetUtil.createByteArrayFromIpAddressString(host), NetUtil.createByteArrayFromIpAddressString(ip));
  }

  /** The bridge target with which a retriever on {@code from} collects {@code slot} from this box: fact 32. */
  public String fetchTarget(BoxSip from, String slot) {
    return from.dialPrefix() + "/fetch+" + slot + "@" + address();
  }

  private static boolean isIp(String s) {
    return NetUtil.isValidIpV4Address(s) || NetUtil.isValidIpV6Address(s) && s.indexOf('%') < 0 && s.indexOf('[') < 0;
  }

  private static String shorten(String s) {
    return s == null ? "" : s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
