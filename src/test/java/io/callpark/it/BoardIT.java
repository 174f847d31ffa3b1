package io.callpark.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callpark.parking.SlotRecord;
import io.callpark.parking.SlotState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;

/**
 * The live board in a real headless Chromium against an in-process node and FakeFreeSwitch: lamps
 * light and go dark from the event stream, retrieve and escalate work from the page, caller ID stays
 * text, and the page fits a wallboard and a 375px phone (screenshots: target/board.png,
 * target/board-phone.png).
 */
class BoardIT {
  private static BoardNode h;
  private static HeadlessChromium browser;

  @BeforeAll
  static void start() throws Exception {
    browser = HeadlessChromium.start(1920, 1080);
    h = new BoardNode();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      if (h != null) {
        h.close();
      }
    }
  }

  @Test
  void aParkedCallLightsItsLampWithinASecondAndRetrievingItFromThePageDarkensIt() throws Exception {
    openBoard(BoardNode.OPERATOR);
    assertThat(browser.driver.getCurrentUrl()).as("the token leaves the address bar").doesNotContain("token");
    String alice = h.call("5900", "Alice Example", "1000");
    await().atMost(Duration.ofSeconds(1)).until(() -> lampStateOf(alice) != null);
    SlotRecord rec = h.get(h.store.findByCall(alice)).orElseThrow();
    WebElement lamp = lamp(rec.lot(), rec.slot());
    assertThat(lamp.getAttribute("data-state")).isEqualTo("parked");
    assertThat(lamp.findElement(By.className("caller-name")).getText()).isEqualTo("Alice Example");
    assertThat(lamp.findElement(By.className("caller-number")).getText()).isEqualTo("1000");
    assertThat(lamp.findElement(By.className("timer")).getText()).matches("\\d+:\\d\\d");

    lamp.findElement(By.className("retrieve")).click();
    WebElement ext = browser.driver.findElement(By.id("retrieve-ext"));
    await().until(ext::isDisplayed);
    ext.clear();
    ext.sendKeys(BoardNode.RETRIEVER);
    browser.driver.findElement(By.id("retrieve-ok")).click();

    await().atMost(Duration.ofSeconds(5)).until(() -> "empty".equals(lamp(rec.lot(), rec.slot()).getAttribute("data-state")));
    assertThat(h.slot(rec.lot(), rec.slot())).isEmpty();
    assertThat(h.apiCommands()).anyMatch(c -> c.startsWith("originate {") && c.contains("user/1001@127.0.0.1"));
    assertThat(browser.driver.findElement(By.id("retrieve-dialog")).isDisplayed()).isFalse();
    assertThat(browser.driver.findElement(By.id("notice")).getText()).contains("connected to 1001");
  }

  @Test
  void aCallerNameThatLooksLikeHtmlIsShownAsTextAndRunsNothing() throws Exception {
    openBoard(BoardNode.OPERATOR);
    String name = "<img src=x onerror=\"document.title='pwned'\">";
    String mallory = h.call("ps7001", name, "6666");
    await().atMost(Duration.ofSeconds(5)).until(() -> lampStateOf(mallory) != null);
    SlotRecord rec = h.get(h.store.findByCall(mallory)).orElseThrow();
    WebElement lamp = lamp(rec.lot(), rec.slot());
    assertThat(lamp.findElement(By.className("caller-name")).getText()).isEqualTo(name);
    assertThat(browser.driver.findElements(By.cssSelector("#lots img, dialog img"))).isEmpty();
    assertThat(browser.driver.getTitle()).isEqualTo("callpark board");
    h.get(h.fs.hangup(mallory));
    await().atMost(Duration.ofSeconds(5)).until(() -> "empty".equals(lamp(rec.lot(), rec.slot()).getAttribute("data-state")));
  }

  @Test
  void aReadTokenShowsTheLampsAndSaysRetrievingNeedsAnOperator() throws Exception {
    String bob = h.call("pd6010", "Bob", "1010");
    await().until(() -> h.slot("default", "6010").isPresent());
    openBoard(BoardNode.READER);
    await().until(() -> "parked".equals(lamp("default", "6010").getAttribute("data-state")));
    lamp("default", "6010").findElement(By.className("retrieve")).click();
    WebElement ext = browser.driver.findElement(By.id("retrieve-ext"));
    await().until(ext::isDisplayed);
    ext.clear();
    ext.sendKeys(BoardNode.RETRIEVER);
    browser.driver.findElement(By.id("retrieve-ok")).click();
    await().until(() -> browser.driver.findElement(By.id("retrieve-error")).getText().contains("needs operator"));
    assertThat(h.apiCommands()).noneMatch(c -> c.contains("user/1001@") && c.contains(bob));
    assertThat(h.slot("default", "6010")).isPresent();
    browser.driver.findElement(By.id("retrieve-cancel")).click();
    h.get(h.fs.hangup(bob));
    await().until(() -> h.slot("default", "6010").isEmpty());
  }

  @Test
  void theBoardFitsAWallboardAndAPhoneWithEveryLampStateShown() throws Exception {
    parkAndWait("pd6003", "Reception desk", "1003", "default", "6003");
    h.clock.advance(Duration.ofSeconds(95));
    parkAndWait("pd6004", "Dr. Émilie Lefèvre-Castellanos", "+33123456789", "default", "6004");
    h.clock.advance(Duration.ofSeconds(40));
    parkAndWait("pd6006", "ACME Logistics", "+15550123", "default", "6006");
    parkAndWait("ps7002", "Warehouse", "2100", "sales", "7002");
    h.clock.advance(Duration.ofSeconds(12));
    openBoard(BoardNode.OPERATOR); // reads the slots with the node's (manual) clock moved on

    escalateFromThePage("default", "6004");
    await().until(() -> h.slot("default", "6004").map(SlotRecord::state).orElse(null) == SlotState.RECALLING);
    await().atMost(Duration.ofSeconds(2)).until(() -> "recalling".equals(lamp("default", "6004").getAttribute("data-state")));
    escalateFromThePage("sales", "7002");
    await().until(() -> h.slot("sales", "7002").map(SlotRecord::state).orElse(null) == SlotState.RECALLING);
    escalateFromThePage("sales", "7002");
    await().until(() -> h.slot("sales", "7002").map(SlotRecord::state).orElse(null) == SlotState.ESCALATING);
    await().atMost(Duration.ofSeconds(2)).until(() -> "escalating".equals(lamp("sales", "7002").getAttribute("data-state")));
    await().until(() -> "parked".equals(lamp("default", "6003").getAttribute("data-state"))
        && "parked".equals(lamp("default", "6006").getAttribute("data-state")));
    await().until(() -> !browser.driver.findElements(By.cssSelector(".stat-card[data-lot=default] .figures dd")).isEmpty());
    browser.driver.executeScript("document.getElementById('notice').hidden = true");

    // parked 95 + 40 + 12 s when the board read the slot, counting on from there in the browser
    await().until(() -> lamp("default", "6003").findElement(By.className("timer")).getText().matches("2:[2-5]\\d"));
    noHorizontalScroll();
    everyLampKeepsItsTextInside();
    assertThat(browser.driver.findElement(By.id("token-form")).isDisplayed()).as("token form").isFalse();
    assertThat(browser.driver.findElement(By.id("stats")).isDisplayed()).as("charts").isTrue();
    screenshot("board.png");

    browser.driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", 375, "height", 812, "deviceScaleFactor", 2, "mobile", true));
    try {
      await().until(() -> ((Number) browser.driver.executeScript("return window.innerWidth")).intValue() == 375);
      noHorizontalScroll();
      everyLampKeepsItsTextInside();
      assertThat(browser.driver.findElement(By.id("token-form")).isDisplayed()).as("token form").isFalse();
      Number lampWidth = (Number) browser.driver.executeScript(
          "return document.querySelector('article.lamp').getBoundingClientRect().width");
      assertThat(lampWidth.doubleValue()).as("a lamp on a phone").isBetween(140.0, 375.0);
      screenshot("board-phone.png");
    } finally {
      browser.driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }
  }

  private static void parkAndWait(String destination, String name, String number, String lot, String slot)
      throws Exception {
    h.call(destination, name, number);
    await().until(() -> h.slot(lot, slot).isPresent());
  }

  private static void openBoard(String token) {
    browser.driver.get(h.url("/board"));
    browser.driver.executeScript("localStorage.clear()");
    browser.driver.get(h.url("/board#token=" + token));
    try {
      await().until(() -> "live".equals(browser.driver.findElement(By.id("conn")).getAttribute("data-state")));
      await().until(() -> !browser.driver.findElements(By.cssSelector("article.lamp")).isEmpty());
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("the board did not come up: connection '" + browser.driver.findElement(By.id("conn"))
          .getText() + "', notice '" + browser.driver.findElement(By.id("notice")).getText() + "', console:\n"
          + browser.consoleLog(), e);
    }
  }

  private static void escalateFromThePage(String lot, String slot) {
    WebElement button = lamp(lot, slot).findElement(By.className("escalate"));
    button.click();
    await().until(() -> lamp(lot, slot).findElement(By.className("escalate")).getAttribute("data-confirm") != null);
    lamp(lot, slot).findElement(By.className("escalate")).click();
  }

  private static WebElement lamp(String lot, String slot) {
    return browser.driver.findElement(By.cssSelector("article.lamp[data-lot='" + lot + "'][data-slot='" + slot + "']"));
  }

  /** The state the page shows for the slot holding {@code uuid}; null while the store or the page has none. */
  private static String lampStateOf(String uuid) throws Exception {
    var rec = h.get(h.store.findByCall(uuid));
    if (rec.isEmpty()) {
      return null;
    }
    List<WebElement> lamps = browser.driver.findElements(By.cssSelector(
        "article.lamp[data-lot='" + rec.get().lot() + "'][data-slot='" + rec.get().slot() + "']"));
    String state = lamps.isEmpty() ? null : lamps.get(0).getAttribute("data-state");
    return "empty".equals(state) ? null : state;
  }

  /** No lamp's state word or timer sticks out of the lamp (the page may not scroll, yet a lamp overflow). */
  private static void everyLampKeepsItsTextInside() {
    Number sticking = (Number) browser.driver.executeScript("""
        let worst = 0;
        for (const lamp of document.querySelectorAll('article.lamp')) {
          const box = lamp.getBoundingClientRect();
          for (const part of lamp.querySelectorAll('.state-word, .slot-no, .timer')) {
            const r = part.getBoundingClientRect();
            if (r.width > 0) worst = Math.max(worst, r.right - box.right, box.left - r.left);
          }
        }
        return worst;""");
    assertThat(sticking.doubleValue()).as("px a lamp's text sticks out").isLessThanOrEqualTo(0.0);
  }

  private static void noHorizontalScroll() {
    Number overflow = (Number) browser.driver.executeScript(
        "return document.documentElement.scrollWidth - window.innerWidth");
    assertThat(overflow.intValue()).as("horizontal overflow in px").isLessThanOrEqualTo(0);
  }

  private static void screenshot(String name) throws Exception {
    Path out = ItFiles.projectDir().resolve("target").resolve(name);
    Files.createDirectories(out.getParent());
    browser.driver.executeScript("window.scrollTo(0, 0)");
    Files.write(out, browser.driver.getScreenshotAs(OutputType.BYTES));
  }
}
