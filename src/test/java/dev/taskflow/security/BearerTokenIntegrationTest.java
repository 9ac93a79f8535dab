package dev.taskflow.security;

import dev.taskflow.support.TestDatabase;
import dev.taskflow.support.TestServer;
import dev.taskflow.support.TestUsers;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What a bearer token opens, and every way a token is refused. */
class BearerTokenIntegrationTest {

	private static final String ME = "/api/v1/users/me";

	private final TestServer server = TestServer.shared();

	private final TestDatabase database = TestDatabase.main();

	@Test
	void aTokenMintedElsewhereWithTheSameSecretIsAccepted() {
		TestUsers.TestUser user = TestUsers.create(database);

		server.client()
			.get()
			.uri("/api/v1/no-such-route")
			.header(HttpHeaders.AUTHORIZATION, user.bearer())
			.exchange()
			.expectStatus()
			.isNotFound();
		server.client()
			.get()
			.uri(ME)
			.header(HttpHeaders.AUTHORIZATION, user.bearer())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo(user.id())
			.jsonPath("$.username")
			.isEqualTo(user.username());
	}

	@Test
	void aTokenFromLoginIsAccepted() {
		String username = "u_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
		server.client()
			.post()
			.uri("/api/v1/auth/register")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", username + "@example.test", "username", username, "password", "Token-Test-1!",
					"fullName", "Token Test"))
			.exchange()
			.expectStatus()
			.isCreated();
		String token = (String) server.client()
			.post()
			.uri("/api/v1/auth/login")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("login", username, "password", "Token-Test-1!"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("accessToken");

		server.client()
			.get()
			.uri(ME)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.username")
			.isEqualTo(username);
	}

	@Test
	void noTokenIs401WithABearerChallenge() {
		server.client()
			.get()
			.uri("/api/v1/no-such-route")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(401);
	}

	@Test
	void anExpiredTokenIs401() {
		TestUsers.TestUser user = TestUsers.create(database);

		server.client()
			.get()
			.uri("/api/v1/no-such-route")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestUsers.token(user.id(), Duration.ofMinutes(-5)))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueMatches(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\".*")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void aTokenAlreadyAcceptedIsRefusedOnceItExpires() throws InterruptedException {
		TestUsers.TestUser user = TestUsers.create(database);
		Instant issued = Instant.now();
		String token = "Bearer " + TestUsers.token(user.id(), Duration.ofSeconds(1));
		server.client().get().uri(ME).header(HttpHeaders.AUTHORIZATION, token).exchange().expectStatus().isOk();

		// Accepted tokens are remembered; the expiry (plus the decoder's 5 s of clock
		// skew) must still apply.
		Duration untilRefused = Duration.between(Instant.now(), issued.plusSeconds(1 + 5 + 1));
		Thread.sleep(Math.max(0, untilRefused.toMillis()));

		server.client()
			.get()
			.uri(ME)
			.header(HttpHeaders.AUTHORIZATION, token)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueMatches(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\".*");
	}

	@Test
	void aTokenSignedWithAnotherSecretIs401() {
		TestUsers.TestUser user = TestUsers.create(database);
		String forged = TestUsers.sign("another-secret-of-sufficient-length-0123456789", user.id(),
				Duration.ofHours(1));

		server.client()
			.get()
			.uri("/api/v1/no-such-route")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + forged)
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	@Test
	void aMalformedTokenIs401() {
		refused("Bearer not-a-jwt");
		refused("Bearer a.b.c");
	}

	@Test
	void aTokenWithoutBearerSchemeIs401() {
		TestUsers.TestUser user = TestUsers.create(database);

		server.client()
			.get()
			.uri(ME)
			.header(HttpHeaders.AUTHORIZATION, "Basic " + user.token())
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
	}

	@Test
	void anUnsignedAlgNoneTokenIs401() {
		TestUsers.TestUser user = TestUsers.create(database);
		long now = Instant.now().getEpochSecond();
		String header = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}");
		String claims = base64Url("{\"sub\":\"" + user.id() + "\",\"iat\":" + now + ",\"exp\":" + (now + 3600) + "}");

		refused("Bearer " + header + "." + claims + ".");
	}

	@Test
	void aTokenSignedWithAnotherAlgorithmIs401() throws Exception {
		TestUsers.TestUser user = TestUsers.create(database);
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS512),
				new JWTClaimsSet.Builder().subject(Long.toString(user.id()))
					.issueTime(new Date())
					.expirationTime(Date.from(Instant.now().plusSeconds(3600)))
					.build());
		jwt.sign(new MACSigner((TestServer.AUTH_SECRET + TestServer.AUTH_SECRET).getBytes(StandardCharsets.UTF_8)));

		refused("Bearer " + jwt.serialize());
	}

	@Test
	void aTokenWithoutExpiryIs401() throws Exception {
		TestUsers.TestUser user = TestUsers.create(database);
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256),
				new JWTClaimsSet.Builder().subject(Long.toString(user.id())).issueTime(new Date()).build());
		jwt.sign(new MACSigner(TestServer.AUTH_SECRET.getBytes(StandardCharsets.UTF_8)));

		refused("Bearer " + jwt.serialize());
	}

	@Test
	void aTokenForAUserThatNeverExistedIs401() {
		refused("Bearer " + TestUsers.token(Long.MAX_VALUE, Duration.ofHours(1)));
	}

	@Test
	void aDeletedUsersTokenIs401() {
		TestUsers.TestUser user = TestUsers.create(database);
		server.client().get().uri(ME).header(HttpHeaders.AUTHORIZATION, user.bearer()).exchange().expectStatus().isOk();

		server.client()
			.delete()
			.uri(ME)
			.header(HttpHeaders.AUTHORIZATION, user.bearer())
			.exchange()
			.expectStatus()
			.isNoContent();

		refused(user.bearer());
	}

	@Test
	void aDeactivatedUsersTokenIs401() {
		TestUsers.TestUser user = TestUsers.create(database);
		database.execute("UPDATE users SET is_active = false WHERE id = " + user.id());

		server.client()
			.get()
			.uri("/api/v1/no-such-route")
			.header(HttpHeaders.AUTHORIZATION, user.bearer())
			.exchange()
			.expectStatus()
			.isUnauthorized();
		refused(user.bearer());
	}

	@Test
	void aDeactivationThroughOneInstanceLocksTheTokenOutOnAnotherAtOnce() {
		TestUsers.TestUser user = TestUsers.create(database);
		TestUsers.TestUser admin = TestUsers.create(database, "admin");
		try (TestServer other = TestServer.start(Map.of())) {
			// Known to the other instance as active before the change.
			other.client()
				.get()
				.uri(ME)
				.header(HttpHeaders.AUTHORIZATION, user.bearer())
				.exchange()
				.expectStatus()
				.isOk();

			server.client()
				.patch()
				.uri("/api/v1/admin/users/{id}", user.id())
				.header(HttpHeaders.AUTHORIZATION, admin.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("isActive", false))
				.exchange()
				.expectStatus()
				.isOk();

			assertThat(statusWithin(other, user.bearer(), 401, Duration.ofSeconds(1))).isEqualTo(401);
		}
	}

	@Test
	void aRoleOrStatusChangedDirectlyInTheDatabaseAppliesAtOnce() {
		TestUsers.TestUser user = TestUsers.create(database);
		server.client().get().uri(ME).header(HttpHeaders.AUTHORIZATION, user.bearer()).exchange().expectStatus().isOk();
		server.client()
			.get()
			.uri("/api/v1/admin/users")
			.header(HttpHeaders.AUTHORIZATION, user.bearer())
			.exchange()
			.expectStatus()
			.isForbidden();

		database.execute("UPDATE users SET role = 'admin' WHERE id = " + user.id());
		assertThat(statusWithin(server, user.bearer(), "/api/v1/admin/users", 200, Duration.ofSeconds(1)))
			.isEqualTo(200);

		database.execute("UPDATE users SET is_active = false WHERE id = " + user.id());
		assertThat(statusWithin(server, user.bearer(), 401, Duration.ofSeconds(1))).isEqualTo(401);
	}

	@Test
	void aTokenVersionMovedOnDirectlyInTheDatabaseAppliesAtOnce() {
		TestUsers.TestUser user = TestUsers.create(database);
		String versionZero = "Bearer " + TestUsers.tokenWithVersion(user.id(), 0);
		server.client().get().uri(ME).header(HttpHeaders.AUTHORIZATION, versionZero).exchange().expectStatus().isOk();
		server.client().get().uri(ME).header(HttpHeaders.AUTHORIZATION, user.bearer()).exchange().expectStatus().isOk();

		database.execute("UPDATE users SET token_version = token_version + 1 WHERE id = " + user.id());

		assertThat(statusWithin(server, versionZero, 401, Duration.ofSeconds(1))).isEqualTo(401);
		// A token without the claim counts as version 0.
		server.client()
			.get()
			.uri(ME)
			.header(HttpHeaders.AUTHORIZATION, user.bearer())
			.exchange()
			.expectStatus()
			.isUnauthorized();
		String versionOne = "Bearer " + TestUsers.tokenWithVersion(user.id(), 1);
		server.client().get().uri(ME).header(HttpHeaders.AUTHORIZATION, versionOne).exchange().expectStatus().isOk();
		String notANumber = "Bearer " + TestUsers.tokenWithVersion(user.id(), "1");
		server.client()
			.get()
			.uri(ME)
			.header(HttpHeaders.AUTHORIZATION, notANumber)
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	/**
	 * The status {@code GET path} answers once it is {@code expected}, asking again until
	 * {@code within} has passed: a change committed elsewhere reaches each instance as a
	 * notification, a few milliseconds later.
	 */
	private static int statusWithin(TestServer target, String authorization, String path, int expected,
			Duration within) {
		long deadline = System.nanoTime() + within.toNanos();
		int status;
		do {
			status = target.client()
				.get()
				.uri(path)
				.header(HttpHeaders.AUTHORIZATION, authorization)
				.exchange()
				.returnResult(String.class)
				.getStatus()
				.value();
		}
		while (status != expected && System.nanoTime() < deadline);
		return status;
	}

	private static int statusWithin(TestServer target, String authorization, int expected, Duration within) {
		return statusWithin(target, authorization, ME, expected, within);
	}

	/**
	 * Every refusal looks alike: 401, a Bearer challenge naming the token as invalid, a
	 * problem document.
	 */
	private void refused(String authorization) {
		server.client()
			.get()
			.uri(ME)
			.header(HttpHeaders.AUTHORIZATION, authorization)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueMatches(HttpHeaders.WWW_AUTHENTICATE, "Bearer.*")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(401)
			.jsonPath("$.id")
			.doesNotExist();
	}

	private static String base64Url(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

}
