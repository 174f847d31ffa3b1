package io.callpark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code http:} section: where the API listens, its tokens (never in the file) and rate limit. */
class HttpConfigTest {
  private static final String BOARD = "board-secret-0123456789";
  private static final String OPS = "ops-secret-0123456789ab";
  private final ConfigLoader loader = new ConfigLoader(Map.of("BOARD_TOKEN", BOARD, "SHORT", "abc123",
      "OPS_TOKEN", OPS, "SAME", BOARD)::get);

  private CallparkConfig parse(String yaml, Path dir) {
    return loader.parse("callpark.yaml", yaml, dir);
  }

  @Test
  void withoutAnHttpSectionThereIsNoHttpServer() {
    assertThat(parse("node: {id: n1}\n", null).http()).isNull();
    assertThat(loader.embeddedDefault().http()).isNull();
  }

  @Test
  void tokensComeFromTheEnvironmentOrAFileWithTheirRoles(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("ops.token"), OPS + "\n");
    HttpConfig http = parse("""
        http:
          port: 9086
          rateLimit: {perSecond: 5, burst: 10}
          tokens:
            - {name: board, role: read, tokenEnv: BOARD_TOKEN}
            - {name: reception, role: operator, tokenFile: ops.token}
        """, dir).http();
    assertThat(http.host()).isEqualTo("127.0.0.1");
    assertThat(http.port()).isEqualTo(9086);
    assertThat(http.rate()).isEqualTo(new HttpConfig.RateLimit(5, 10));
    assertThat(http.tokens()).extracting(HttpConfig.Token::name).containsExactly("board", "reception");
    assertThat(http.tokens().get(0).role()).isEqualTo(HttpConfig.Role.READ);
    assertThat(http.tokens().get(1).secret()).isEqualTo(OPS);
    assertThat(http.tokens().toString()).doesNotContain(BOARD).doesNotContain(OPS);
  }

  @Test
  void theExampleFileAtTheRepoRootListensOnLoopbackWithTheTokensLeftToTheOperator() {
    HttpConfig http = new ConfigLoader(Map.of("CALLPARK_FS1_PASSWORD", "pw")::get).load(Path.of("callpark.yaml")).http();
    assertThat(http.host()).isEqualTo("127.0.0.1");
    assertThat(http.port()).isEqualTo(8086);
    assertThat(http.tokens()).isEmpty();
  }

  @Test
  void aTokenFileThatIsTooLargeOrHoldsALineBreakIsRefusedWithoutShowingIt(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("big.token"), "x".repeat(5000));
    Files.writeString(dir.resolve("two.token"), "first-line-0123456789\nsecond-line-0123456789");
    assertThatThrownBy(() -> parse("http: {tokens: [{name: a, role: read, tokenFile: big.token}]}\n", dir))
        .hasMessageStartingWith("callpark.yaml: http.tokens[0].tokenFile:").hasMessageContaining("larger than 4096");
    assertThatThrownBy(() -> parse("http: {tokens: [{name: a, role: read, tokenFile: two.token}]}\n", dir))
        .hasMessageStartingWith("callpark.yaml: http.tokens[0].tokenFile:").hasMessageContaining("character 22")
        .hasMessageNotContaining("first-line");
  }

  @Test
  void anHttpSectionWithNoTokensListensOnLoopbackPort8086() {
    HttpConfig http = parse("http: {}\n", null).http();
    assertThat(http.host()).isEqualTo("127.0.0.1");
    assertThat(http.port()).isEqualTo(HttpConfig.DEFAULT_PORT);
    assertThat(http.tokens()).isEmpty();
  }

  @Test
  void tokenMistakesNameTheKeyAndNeverEchoTheSecret() {
    assertThatThrownBy(() -> parse("http: {tokens: [{name: a, role: read, token: abc}]}\n", null))
        .hasMessageStartingWith("callpark.yaml: http.tokens[0].token: unknown key");
    assertThatThrownBy(() -> parse("http: {tokens: [{name: a, role: read}]}\n", null))
        .hasMessageStartingWith("callpark.yaml: http.tokens[0]:").hasMessageContaining("tokenEnv");
    assertThatThrownBy(() -> parse("http: {tokens: [{name: a, role: admin, tokenEnv: BOARD_TOKEN}]}\n", null))
        .hasMessageStartingWith("callpark.yaml: http.tokens[0].role:").hasMessageContaining("'admin'");
    assertThatThrownBy(() -> parse("http: {tokens: [{name: a, tokenEnv: BOARD_TOKEN}]}\n", null))
        .hasMessageStartingWith("callpark.yaml: http.tokens[0].role: is required");
    assertThatThrownBy(() -> parse("http: {tokens: [{name: a, role: read, tokenEnv: UNSET}]}\n", null))
        .hasMessageStartingWith("callpark.yaml: http.tokens[0].tokenEnv:").hasMessageContaining("UNSET is not set");
    assertThatThrownBy(() -> parse("http: {tokens: [{name: a, role: read, tokenEnv: SHORT}]}\n", null))
        .hasMessageStartingWith("callpark.yaml: http.tokens[0].tokenEnv:").hasMessageContaining("at least 16")
        .hasMessageNotContaining("abc123");
    assertThatThrownBy(() -> parse("""
        http:
          tokens:
            - {name: a, role: read, tokenEnv: BOARD_TOKEN}
            - {name: b, role: operator, tokenEnv: SAME}
        """, null)).hasMessageStartingWith("callpark.yaml: http.tokens[1]:").hasMessageContaining("same value")
        .hasMessageNotContaining(BOARD);
    assertThatThrownBy(() -> parse("http: {port: 70000}\n", null))
        .hasMessageStartingWith("callpark.yaml: http.port:").hasMessageContaining("70000");
    assertThatThrownBy(() -> parse("http: {rateLimit: {perSecond: 0}}\n", null))
        .hasMessageStartingWith("callpark.yaml: http.rateLimit.perSecond:");
  }
}
