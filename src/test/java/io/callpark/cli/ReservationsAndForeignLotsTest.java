package io.callpark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code slots} and {@code park-list} on a {@code /slots} document with a reservation, a call in a lot the
 * answering node has not configured, a recall under way and padded slot names: cases a live node in a test
 * reaches only with much set-up, so the document is served as the node would write it.
 */
class ReservationsAndForeignLotsTest {
  private static final String DOC = """
      {"node":"node2","nowMillis":1000000,
       "lots":[{"name":"front","slots":"01-03","size":3}],
       "slots":[
        {"lot":"front","slot":"01","state":"RESERVED","callUuid":null,"callerIdName":null,"callerIdNumber":null,
         "parker":"1001","node":"node2","box":"fs1","parkedAtMillis":999000,"waitingSeconds":1,"nextDeadlineMillis":1009000},
        {"lot":"front","slot":"02","state":"RECALLING","callUuid":"u-2","callerIdName":"","callerIdNumber":"+15550100",
         "parker":"1002","node":"node1","box":"fs2","parkedAtMillis":0,"waitingSeconds":3725,"nextDeadlineMillis":null},
        {"lot":"back","slot":"7","state":"PARKED","callUuid":"u-3","callerIdName":"Carol","callerIdNumber":"1003",
         "parker":null,"node":"node3","box":"fs1","parkedAtMillis":940000,"waitingSeconds":60,"nextDeadlineMillis":null}
       ]}
      """;

  private HttpServer server;
  private String url;

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/slots", exchange -> {
      byte[] body = DOC.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void slotsShowsTheReservationAndTheOtherNodesLotAfterTheConfiguredOnes() {
    Cli.Run r = Cli.run("slots", "--url", url);
    assertThat(r.exitCode()).isZero();
    List<String> lines = r.out().lines().filter(l -> l.startsWith("front") || l.startsWith("back")).toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).matches("^front\\s+01\\s+RESERVED\\s+-\\s+1001\\s+1s\\s+node2\\s+fs1$");
    assertThat(lines.get(1)).matches("^front\\s+02\\s+RECALLING\\s+\\+15550100\\s+1002\\s+1h02m\\s+node1\\s+fs2$");
    assertThat(lines.get(2)).matches("^front\\s+03\\s+free$");
    assertThat(lines.get(3)).matches("^back\\s+7\\s+PARKED\\s+Carol <1003>\\s+-\\s+1m00s\\s+node3\\s+fs1$");
    assertThat(r.out()).contains("2 parked call(s), 1 reservation(s)");
  }

  @Test
  void parkListLeavesReservationsOutInTextAndJson() throws Exception {
    Cli.Run r = Cli.run("park-list", "--no-header", "--url", url);
    assertThat(r.exitCode()).isZero();
    assertThat(r.out().lines()).containsExactly(
        "front\t02\t+15550100\t1002\t3725\tnode1\tRECALLING",
        "back\t7\tCarol <1003>\t-\t60\tnode3\tPARKED");

    Cli.Run json = Cli.run("park-list", "--json", "--url", url);
    assertThat(new ObjectMapper().readTree(json.out()).findValuesAsText("callUuid")).containsExactly("u-2", "u-3");
  }
}
