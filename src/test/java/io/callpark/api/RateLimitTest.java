package io.callpark.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpark.config.HttpConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each token has its own bucket: a burst, then 429 with Retry-After, refilled as the injected clock moves. */
class RateLimitTest {
  private ApiHarness h;

  @BeforeEach
  void start() throws Exception {
    h = new ApiHarness(new HttpConfig.RateLimit(1, 3));
  }

  @AfterEach
  void stop() throws Exception {
    h.close();
  }

  @Test
  void aTokenOverItsBurstGets429UntilTheBucketRefills() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(h.get("/api/lots", ApiHarness.READ).statusCode()).isEqualTo(200);
    }
    HttpResponse<Buffer> limited = h.get("/api/lots", ApiHarness.READ);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.getHeader("Retry-After")).isEqualTo("1");
    assertThat(limited.bodyAsJsonObject().getString("type")).isEqualTo("urn:callpark:problem:rate-limited");
    assertThat(h.get("/api/lots", ApiHarness.OPERATOR).statusCode()).as("another token's bucket").isEqualTo(200);
    h.clock.advance(Duration.ofSeconds(1));
    assertThat(h.get("/api/lots", ApiHarness.READ).statusCode()).isEqualTo(200);
    assertThat(h.get("/api/lots", ApiHarness.READ).statusCode()).isEqualTo(429);
  }
}
