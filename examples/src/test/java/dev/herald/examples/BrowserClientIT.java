package dev.herald.examples;

import static dev.herald.examples.Wire.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBe;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.testing.TestClient;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Drives the page at {@code /}, which runs the Herald client's bundle, in headless Chromium: the
 * Debian packages, never a downloaded one.
 */
class BrowserClientIT {
  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

  @TempDir static Path profile;
  private static WebDriver browser;

  private EchoBroadcastServer server;
  private TestClient terminal;

  @BeforeAll
  static void startChromium() {
    // CI installs both packages: a missing one is a broken machine, not a reason to skip.
    assertThat(Files.isExecutable(Path.of(CHROMIUM)))
        .as(CHROMIUM + " is missing: apt-get install -y chromium chromium-driver")
        .isTrue();
    assertThat(Files.isExecutable(Path.of(CHROMEDRIVER)))
        .as(CHROMEDRIVER + " is missing: apt-get install -y chromium-driver")
        .isTrue();
    // With the driver named explicitly, Selenium Manager never runs and downloads nothing.
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .build();
    ChromeOptions options =
        new ChromeOptions()
            .setBinary(CHROMIUM)
            .addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
                "--user-data-dir=" + profile.toAbsolutePath());
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stopChromium() {
    if (browser != null) {
      browser.quit();
    }
  }

  @AfterEach
  void stop() {
    if (terminal != null) {
      terminal.close();
    }
    server.shutdown(Duration.ofSeconds(2));
  }

  @ParameterizedTest
  @EnumSource(
      value = Protocol.class,
      names = {"TEXT", "MSGPACK"})
  void pageSendsGetsItsEchoAndSeesAnotherClientsBroadcast(Protocol protocol) {
    server = Servers.start("--protocol", protocol.flag());
    WebDriverWait wait = open(server.httpPort(), "chromium");
    wait.until(
        contains(
            "messages",
            protocol == Protocol.TEXT
                ? "Connected as client chromium"
                : "\"message\":\"Connected as chromium\""));

    type("message", "hello from the page");
    wait.until(
        contains(
            "messages",
            protocol == Protocol.TEXT
                ? "Echo: hello from the page"
                : "{\"type\":\"echo\",\"data\":{\"message\":\"hello from the page\"}"));

    terminal = Wire.connect(protocol, server.webSocketPort(), "terminal");
    assertThat(
            protocol == Protocol.TEXT
                ? terminal.awaitText(TIMEOUT)
                : Wire.document(protocol, terminal).toString())
        .contains("terminal");
    Wire.send(protocol, terminal, "hello from a terminal");
    wait.until(
        contains(
            "messages",
            protocol == Protocol.TEXT
                ? "Client terminal says: hello from a terminal"
                : "{\"type\":\"broadcast\",\"clientId\":\"terminal\",\"data\":{\"message\":\"hello from a terminal\"}"));

    type("message", "and back");
    if (protocol == Protocol.TEXT) {
      assertThat(terminal.awaitTexts(2, TIMEOUT))
          .containsExactly("Echo: hello from a terminal", "Client chromium says: and back");
    } else {
      assertThat(Wire.document(protocol, terminal).get("type").asText()).isEqualTo("echo");
      assertThat(Wire.document(protocol, terminal).get("data").get("message").asText())
          .isEqualTo("and back");
    }
  }

  @Test
  void pageResumesItsRoomWithWhatItMissedAndComesBackAfterARestartByItself() {
    server = Servers.start("--protocol", "json", "--reconnect-spread", "0");
    int port = server.webSocketPort();
    WebDriverWait wait = open(server.httpPort(), "chromium");
    browser.findElement(By.id("join")).click();
    wait.until(contains("publications", "joined room:lobby at offset 0"));
    try (HeraldClient poster = HeraldClient.connect(port, "poster")) {
      publish(poster, 1, "one");
      wait.until(contains("publications", "#1 poster: one"));

      browser.findElement(By.id("disconnect")).click();
      wait.until(textToBe(By.id("status"), "disconnected"));
      publish(poster, 2, "two");
      publish(poster, 3, "three");
      browser.findElement(By.id("connect")).click();
      wait.until(contains("publications", "joined room:lobby at offset 1, recovered"));
      wait.until(contains("publications", "#3 poster: three"));
      assertThat(browser.findElement(By.id("publications")).getText())
          .containsSubsequence("#1 poster: one", "recovered", "#2 poster: two", "#3 poster: three");
    }

    // A new process on the same port: its rooms' history starts over, and the page says so.
    server.shutdown(Duration.ofSeconds(2));
    wait.until(textToBe(By.id("status"), "connecting"));
    server =
        EchoBroadcastServer.start(
            Options.parse(
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--http-port",
                "0",
                "--protocol",
                "json"));
    wait.until(textToBe(By.id("status"), "connected"));
    wait.until(contains("publications", "not recovered: some messages were lost"));
  }

  private static WebDriverWait open(int httpPort, String clientId) {
    browser.get("http://127.0.0.1:" + httpPort + "/");
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    WebElement field = browser.findElement(By.id("clientId"));
    field.clear();
    field.sendKeys(clientId);
    browser.findElement(By.id("connect")).click();
    wait.until(textToBe(By.id("status"), "connected"));
    return wait;
  }

  private static void publish(HeraldClient client, long id, String text) {
    ObjectNode data =
        Wire.JSON
            .createObjectNode()
            .put("from", client.connected().path("client").asText())
            .put("text", text);
    ObjectNode frame =
        Wire.JSON
            .createObjectNode()
            .put("type", "publish")
            .put("id", id)
            .put("topic", "room:lobby");
    frame.set("data", data);
    client.send(frame);
  }

  private static void type(String field, String text) {
    browser.findElement(By.id(field)).sendKeys(text);
    browser.findElement(By.id("send")).click();
  }

  private static ExpectedCondition<Boolean> contains(String list, String text) {
    return textToBePresentInElementLocated(By.id(list), text);
  }
}
