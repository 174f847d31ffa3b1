package io.callpark.management;

/**
 * Where the management listener ({@code /metrics}, {@code /health/*}, {@code /status}, {@code /slots})
 * binds: {@code management: {host, port}} in callpark.yaml. Loopback by default: what it serves is for
 * the machine's own Prometheus agent, systemd and the {@code callpark status} CLI, not for the network.
 *
 * @param host address to bind
 * @param port TCP port, 0 for any free one (tests)
 */
public record ManagementOptions(String host, int port) {
  public static final ManagementOptions DEFAULT = new ManagementOptions("127.0.0.1", 9090);

  public ManagementOptions {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must be an address, got '" + host + "'");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0-65535, got " + port);
    }
  }

  public ManagementOptions withPort(int newPort) {
    return new ManagementOptions(host, newPort);
  }
}
