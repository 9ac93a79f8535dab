package dev.taskflow.feed;

import dev.taskflow.support.TestServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.core.ParameterizedTypeReference;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The watch page in a real browser (headless Chromium from Debian's packages): it logs
 * in, shows a task created between its list and its stream (it opens the feed at the
 * list's position), shows a task created by another client as it happens, and after the
 * server drops its stream, shows what it missed.
 */
class WatchPageBrowserIntegrationTest {

	private static final String PASSWORD = "Browser-Pa55!";

	/**
	 * Holds the page's requests for a feed ticket until {@code releaseTickets()}: the
	 * page has read its list and not yet opened its stream, for as long as the test needs
	 * to change something in between.
	 */
	private static final String HOLD_TICKETS = """
			(() => {
			  const fetch = window.fetch;
			  let release;
			  const released = new Promise((resolve) => { release = resolve; });
			  window.ticketsHeld = 0;
			  window.releaseTickets = () => release();
			  window.fetch = (resource, options) => {
			    if (String(resource).endsWith('/tasks/events/tickets')) {
			      window.ticketsHeld++;
			      return released.then(() => fetch(resource, options));
			    }
			    return fetch(resource, options);
			  };
			})();""";

	private static TestServer server;

	private static ChromeDriver browser;

	private static Path profile;

	@BeforeAll
	static void start() throws Exception {
		server = TestServer.start(Map.of());
		profile = Files.createTempDirectory("chromium-profile");
		ChromeOptions options = new ChromeOptions().setBinary(new File("/usr/bin/chromium"))
			.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
					"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
					"--disable-sync", "--user-data-dir=" + profile);
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File("/usr/bin/chromedriver"))
			.build();
		browser = new ChromeDriver(service, options);
	}

	@AfterAll
	static void stop() {
		if (browser != null) {
			browser.quit();
		}
		if (server != null) {
			server.close();
		}
	}

	@Test
	void thePageMissesNothingBetweenItsListAndItsStreamFollowsOtherClientsAndCatchesUpAfterADisconnect() {
		String username = "browser_" + UUID.randomUUID().toString().substring(0, 8);
		String token = registerAndLogIn(username);
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
		createTask(token, "Made before the page opened");

		Object hold = browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", HOLD_TICKETS))
			.get("identifier");
		browser.get(server.baseUrl() + "/");
		browser.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", hold));
		browser.findElement(By.cssSelector("#login-form input[name=login]")).sendKeys(username);
		browser.findElement(By.cssSelector("#login-form input[name=password]")).sendKeys(PASSWORD);
		browser.findElement(By.cssSelector("#login-form button")).click();
		// The list is read, and the stream not opened yet: a change now is one "from now"
		// would miss.
		wait.until(
				ExpectedConditions.textToBePresentInElementLocated(By.id("task-list"), "Made before the page opened"));
		wait.until(driver -> (Boolean) browser.executeScript("return window.ticketsHeld > 0"));
		createTask(token, "Made between the list and the stream");
		browser.executeScript("window.releaseTickets()");

		wait.until(ExpectedConditions.attributeToBe(By.id("status"), "data-state", "live"));
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("task-list"),
				"Made between the list and the stream"));

		createTask(token, "Made by another client");
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("task-list"), "Made by another client"));

		FeedHub hub = server.bean(FeedHub.class);
		hub.stop();
		wait.until(ExpectedConditions.attributeToBe(By.id("status"), "data-state", "offline"));
		createTask(token, "Made while disconnected");
		hub.start();

		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("task-list"), "Made while disconnected"));
		wait.until(ExpectedConditions.attributeToBe(By.id("status"), "data-state", "live"));
		assertThat(browser.findElements(By.cssSelector("#task-list li .title"))).extracting(WebElement::getText)
			.containsExactlyInAnyOrder("Made before the page opened", "Made between the list and the stream",
					"Made by another client", "Made while disconnected");
	}

	private static String registerAndLogIn(String username) {
		server.client()
			.post()
			.uri("/api/v1/auth/register")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", username + "@example.test", "username", username, "password", PASSWORD,
					"fullName", "Browser User"))
			.exchange()
			.expectStatus()
			.isCreated();
		Map<String, Object> login = server.client()
			.post()
			.uri("/api/v1/auth/login")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("login", username, "password", PASSWORD))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
		return (String) login.get("accessToken");
	}

	private static void createTask(String token, String title) {
		server.client()
			.post()
			.uri("/api/v1/tasks")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("title", title))
			.exchange()
			.expectStatus()
			.isCreated();
	}

}
