package io.callpark.esl.link;

import io.callpark.esl.codec.EslHeaders;
import io.callpark.esl.inbound.ConnectionState;
import io.callpark.esl.inbound.InboundClient;
import io.vertx.core.Future;

/** {@link FreeSwitchLink} over an {@link InboundClient}. Thread-safe, as the client is. */
public final class InboundLink implements FreeSwitchLink {
  private final InboundClient client;
  private final String domain;

  public InboundLink(InboundClient client, String domain) {
    this.client = client;
    this.domain = domain;
  }

  public InboundClient client() {
    return client;
  }

  @Override
  public String boxId() {
    return client.options().boxId();
  }

  @Override
  public String domain() {
    return domain;
  }

  @Override
  public boolean isConnected() {
    return client.state() == ConnectionState.CONNECTED;
  }

  @Override
  public Future<String> api(String command) {
    return client.api(command);
  }

  @Override
  public Future<String> bgapi(String command, java.time.Duration timeout) {
    return client.bgapi(command, timeout);
  }

  @Override
  public Future<String> sendEvent(String name, EslHeaders headers, String body) {
    return client.sendEvent(name, headers, body);
  }
}
