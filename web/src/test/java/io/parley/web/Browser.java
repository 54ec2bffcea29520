package io.parley.web;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One person in front of the web client: a headless Debian chromium driven by Debian's chromedriver
 * (Selenium Manager is never asked to download anything), with the steps a person takes as methods.
 */
final class Browser implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final Duration WAIT = Duration.ofSeconds(30);

  final String name;
  private final ChromeDriver driver;
  private final Path profile;
  private final WebDriverWait wait;

  private Browser(String name, ChromeDriver driver, Path profile) {
    this.name = name;
    this.driver = driver;
    this.profile = profile;
    this.wait = new WebDriverWait(driver, WAIT, Duration.ofMillis(50));
  }

  /** Opens the client at {@code base} in a fresh browser with its own profile. */
  static Browser open(String name, URI base, int width, int height) {
    Path profile;
    try {
      profile = Files.createTempDirectory("parley-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-quic",
        "--disable-extensions",
        "--password-store=basic",
        "--lang=en-US",
        "--force-device-scale-factor=1",
        "--window-size=" + width + "," + height,
        "--user-data-dir=" + profile);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    Browser browser = new Browser(name, driver, profile);
    browser.viewport(width, height);
    driver.get(base.toString());
    return browser;
  }

  static Browser open(String name, URI base) {
    return open(name, base, 1280, 800);
  }

  // ---- accounts ----------------------------------------------------------------------------

  void register(String username) {
    click("#tab-register");
    fillAuth(username, Api.PASSWORD);
    waitSignedIn(username);
  }

  void login(String username) {
    wait.until(ExpectedConditions.elementToBeClickable(By.id("auth-submit")));
    fillAuth(username, Api.PASSWORD);
    waitSignedIn(username);
  }

  void fillAuth(String username, String password) {
    WebElement user = find("#auth-username");
    user.clear();
    user.sendKeys(username);
    WebElement pass = find("#auth-password");
    pass.clear();
    pass.sendKeys(password);
    click("#auth-submit");
  }

  String authError() {
    return waitFor(
        d -> {
          WebElement e = d.findElement(By.id("auth-error"));
          return e.isDisplayed() && !e.getText().isBlank() ? e.getText() : null;
        });
  }

  private void waitSignedIn(String username) {
    waitFor(d -> username.equals(text("#me-name")) ? true : null);
    waitUntilOnline();
  }

  void waitUntilOnline() {
    waitFor(d -> "Online".equals(text("#me-status")) ? true : null);
  }

  /** Reloads the page: the session (kept for the tab) resumes without signing in again. */
  void reload() {
    driver.navigate().refresh();
    waitUntilOnline();
  }

  void logout() {
    click("#btn-logout");
    find("#auth-form");
  }

  /** The titles of the conversation list, top first. */
  @SuppressWarnings("unchecked")
  List<String> conversationTitles() {
    return (List<String>)
        js(
            "return [...document.querySelectorAll('#conversations .conv-name')]"
                + ".map(e => e.textContent);");
  }

  // ---- navigation --------------------------------------------------------------------------

  void startChatWith(String username) {
    click("#btn-new-chat");
    find("#new-chat-username").sendKeys(username);
    click("#new-chat-submit");
    waitFor(d -> username.equals(text("#chat-title")) ? true : null);
  }

  /** Clicks the conversation titled {@code title} in the list. */
  void openConversation(String title) {
    WebElement item =
        waitFor(
            d ->
                d.findElements(By.cssSelector("#conversations .conv")).stream()
                    .filter(
                        li -> title.equals(li.findElement(By.cssSelector(".conv-name")).getText()))
                    .findFirst()
                    .orElse(null));
    item.click();
    waitFor(d -> title.equals(text("#chat-title")) ? true : null);
  }

  /** The unread badge of a conversation in the list ("" when none). */
  String unreadBadge(String title) {
    Object badge =
        js(
            "for (const li of document.querySelectorAll('#conversations .conv')) {"
                + "  if (li.querySelector('.conv-name').textContent === arguments[0]) {"
                + "    const b = li.querySelector('.badge'); return b ? b.textContent : ''; } }"
                + "return null;",
            title);
    return badge == null ? null : badge.toString();
  }

  // ---- messages ----------------------------------------------------------------------------

  /** Types into the composer like a person (BMP characters only: chromedriver's limit). */
  void type(CharSequence... keys) {
    find("#composer-input").sendKeys(keys);
  }

  /** Puts any text (emoji included) into the composer as if typed, then presses Enter. */
  void send(String text) {
    js(
        "const i = document.getElementById('composer-input'); i.focus(); i.value = arguments[0];"
            + "i.dispatchEvent(new Event('input', {bubbles: true}));",
        text);
    find("#composer-input").sendKeys(Keys.ENTER);
    waitFor(d -> composerValue().isEmpty() ? true : null);
  }

  String composerValue() {
    return (String) js("return document.getElementById('composer-input').value;");
  }

  /** The texts of the open conversation's message bubbles, in display order. */
  @SuppressWarnings("unchecked")
  List<String> messageTexts() {
    return (List<String>)
        js(
            "return [...document.querySelectorAll('#message-list .msg .text')].map(e =>"
                + " e.textContent);");
  }

  /** The system notices of the open conversation. */
  @SuppressWarnings("unchecked")
  List<String> notices() {
    return (List<String>)
        js(
            "return [...document.querySelectorAll('#message-list .notice')].map(e =>"
                + " e.textContent);");
  }

  /** The message ids shown (pending sends have none yet). */
  @SuppressWarnings("unchecked")
  List<String> messageIds() {
    return (List<String>)
        js(
            "return [...document.querySelectorAll('#message-list [data-id]')].map(e =>"
                + " e.dataset.id).filter(Boolean);");
  }

  /** Waits until a bubble shows exactly {@code text}. */
  void waitForMessage(String text) {
    waitFor(d -> messageTexts().contains(text) ? true : null);
  }

  void waitForNotice(String fragment) {
    waitFor(d -> notices().stream().anyMatch(n -> n.contains(fragment)) ? true : null);
  }

  /** The tick status (pending, sent, delivered, read, failed) of the own message {@code text}. */
  String statusOf(String text) {
    Object status =
        js(
            "for (const m of document.querySelectorAll('#message-list .msg.out')) {  if"
                + " (m.querySelector('.text').textContent === arguments[0]) return"
                + " m.dataset.status; }return null;",
            text);
    return status == null ? null : status.toString();
  }

  void waitForStatus(String text, String status) {
    waitFor(d -> status.equals(statusOf(text)) ? true : null);
  }

  String subtitle() {
    return text("#chat-subtitle");
  }

  void waitForSubtitle(String fragment) {
    waitFor(d -> subtitle().contains(fragment) ? true : null);
  }

  /** Scrolls the message pane to its top, as a person scrolling back does. */
  void scrollMessagesToTop() {
    js("document.getElementById('messages').scrollTop = 0;");
  }

  // ---- generic -----------------------------------------------------------------------------

  boolean isDisplayed(String css) {
    List<WebElement> found = driver.findElements(By.cssSelector(css));
    return !found.isEmpty() && found.get(0).isDisplayed();
  }

  void waitDisplayed(String css) {
    waitFor(d -> isDisplayed(css) ? true : null);
  }

  void waitHidden(String css) {
    waitFor(d -> isDisplayed(css) ? null : true);
  }

  WebElement find(String css) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  void click(String css) {
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
  }

  String text(String css) {
    List<WebElement> found = driver.findElements(By.cssSelector(css));
    return found.isEmpty() ? "" : found.get(0).getText();
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  <T> T waitFor(Function<WebDriver, T> condition) {
    return wait.until(condition);
  }

  <T> T waitFor(Duration timeout, Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, timeout, Duration.ofMillis(50)).until(condition);
  }

  /** Makes the page exactly this size (headless window sizes include a notional frame). */
  void viewport(int width, int height) {
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
  }

  /** Saves a PNG of the page under target/screenshots/. */
  Path screenshot(String fileName) {
    try {
      Files.createDirectories(SCREENSHOTS);
      File png = driver.getScreenshotAs(OutputType.FILE);
      Path target = SCREENSHOTS.resolve(fileName + ".png");
      Files.copy(png.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The page's console errors (uncaught exceptions included). */
  List<String> consoleErrors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .toList();
  }

  Map<String, Object> debugState() {
    @SuppressWarnings("unchecked")
    Map<String, Object> state =
        (Map<String, Object>)
            js(
                "const p = window.parley; if (!p) return {};const c ="
                    + " p.store.conversations.get(p.store.openId);return {connection:"
                    + " p.store.connection.state, cursor: p.session.cursor, outbox:"
                    + " p.session.outbox.entries.length, open: c && {id: c.id, loaded: c.loaded,"
                    + " hasMore: c.hasMore, nextBefore: c.nextBefore, loadingOlder: c.loadingOlder,"
                    + " error: c.historyError && String(c.historyError.code), size:"
                    + " c.messages.size}};");
    return state;
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // a temp dir left behind is harmless
      }
    }
  }
}
