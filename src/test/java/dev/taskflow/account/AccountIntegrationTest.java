package dev.taskflow.account;

import dev.taskflow.account.Accounts.Account;
import dev.taskflow.support.TestDatabase;
import dev.taskflow.support.TestServer;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import static dev.taskflow.account.Accounts.JSON;
import static dev.taskflow.account.Accounts.PASSWORD;
import static dev.taskflow.account.Accounts.fieldErrors;
import static dev.taskflow.account.Accounts.registration;
import static dev.taskflow.account.Accounts.unique;
import static org.assertj.core.api.Assertions.assertThat;

/** Accounts: registering, signing in, and a user's own account. */
class AccountIntegrationTest {

	private static final TestServer server = TestServer.shared();

	private static final TestDatabase database = TestDatabase.main();

	private static final TypeReference<Map<String, Object>> CLAIMS = new TypeReference<>() {
	};

	private final WebTestClient client = server.client();

	@Test
	void registerLoginAndMeRoundTrip() {
		String username = unique("Round");
		Map<String, Object> body = registration(username);
		body.put("email", "  " + username.toUpperCase() + "@Example.TEST ");

		Map<String, Object> created = client.post()
			.uri("/api/v1/auth/register")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectHeader()
			.valueEquals(HttpHeaders.LOCATION, "/api/v1/users/me")
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();

		assertThat(created).containsOnlyKeys("id", "email", "username", "fullName", "role", "isActive", "emailVerified",
				"createdAt", "updatedAt", "lastLoginAt");
		assertThat(created.get("email")).isEqualTo(username.toLowerCase() + "@example.test");
		assertThat(created.get("username")).isEqualTo(username);
		assertThat(created.get("fullName")).isEqualTo("Ada Lovelace");
		assertThat(created.get("role")).isEqualTo("user");
		assertThat(created.get("isActive")).isEqualTo(true);
		assertThat(created.get("emailVerified")).isEqualTo(false);
		assertThat(created.get("lastLoginAt")).isNull();
		assertThat((String) created.get("createdAt")).endsWith("Z");
		assertThat(Instant.parse((String) created.get("createdAt"))).isBefore(Instant.now().plusSeconds(60));

		Map<String, Object> token = Accounts.login(client, username.toLowerCase() + "@example.test", PASSWORD)
			.expectStatus()
			.isOk()
			.expectHeader()
			.cacheControl(CacheControl.noStore())
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat(token).containsOnlyKeys("accessToken", "tokenType", "expiresIn");
		assertThat(token.get("tokenType")).isEqualTo("Bearer");
		assertThat(token.get("expiresIn")).isEqualTo(3600);

		Map<String, Object> me = client.get()
			.uri("/api/v1/users/me")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token.get("accessToken"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat(me.get("id")).isEqualTo(created.get("id"));
		assertThat(me.get("email")).isEqualTo(created.get("email"));
		assertThat((String) me.get("lastLoginAt")).endsWith("Z");
	}

	@Test
	void theUsernameAlsoSignsInWhateverItsCase() {
		Account account = Accounts.register(client);

		Accounts.login(client, account.username().toUpperCase(), PASSWORD).expectStatus().isOk();
	}

	@Test
	void aTokenFromLoginHasSubIatExpAndTokenVersionOnly() {
		Account account = Accounts.register(client);
		String token = Accounts.token(client, account);

		String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
		Map<String, Object> claims = JsonMapper.builder().build().readValue(payload, CLAIMS);
		assertThat(claims).containsOnlyKeys("sub", "iat", "exp", "token_version");
		assertThat(claims.get("token_version")).isEqualTo(0);
		assertThat(claims.get("sub")).isEqualTo(Long.toString(account.id()));
		assertThat(((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue()).isEqualTo(3600);
	}

	@Test
	void theStoredPasswordIsAnAdaptiveHashNotThePassword() {
		Account account = Accounts.register(client);

		assertThat(database.count("SELECT count(*) FROM users WHERE id = ? AND password_hash LIKE '$2_$10$%'"
				+ " AND password_hash NOT LIKE ?", account.id(), "%" + PASSWORD + "%"))
			.isEqualTo(1);
	}

	/**
	 * A field the request does not take is named, not silently dropped: the client would
	 * think it was kept.
	 */
	@Test
	void unknownFieldsAre422AndCreateNothing() {
		String username = unique("extra");
		Map<String, Object> body = registration(username);
		body.put("role", "admin");
		body.put("favouriteColour", "green");

		assertThat(fieldErrors(client.post()
			.uri("/api/v1/auth/register")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange())).containsOnlyKeys("role", "favouriteColour");
		assertThat(database.count("SELECT count(*) FROM users WHERE username = ?", username)).isZero();
	}

	/**
	 * One test per rule; each answer is a 422 with exactly one entry for the offending
	 * field.
	 */
	@Nested
	class RegistrationRules {

		private Map<String, String> rejected(String field, Object value) {
			Map<String, Object> body = registration(unique("rule"));
			if (value == null) {
				body.remove(field);
			}
			else {
				body.put(field, value);
			}
			return fieldErrors(client.post()
				.uri("/api/v1/auth/register")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.exchange());
		}

		private void accepted(String field, Object value) {
			Map<String, Object> body = registration(unique("ok"));
			body.put(field, value);
			client.post()
				.uri("/api/v1/auth/register")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.exchange()
				.expectStatus()
				.isCreated();
		}

		@Test
		void emailIsRequired() {
			assertThat(rejected("email", null)).containsExactly(Map.entry("email", "is required"));
		}

		@Test
		void emailMustLookLikeAnAddress() {
			assertThat(rejected("email", "not-an-email")).containsOnlyKeys("email");
			assertThat(rejected("email", "two@@example.test")).containsOnlyKeys("email");
			assertThat(rejected("email", "no-domain-dot@example")).containsOnlyKeys("email");
			assertThat(rejected("email", "space in@example.test").get("email")).contains("valid email address");
		}

		@Test
		void emailIsAtMost254Characters() {
			String local = "a".repeat(64);
			String tooLong = local + "@" + "d".repeat(185) + ".test";
			assertThat(tooLong).hasSize(255);
			assertThat(rejected("email", tooLong)).containsOnlyKeys("email");
		}

		@Test
		void usernameIsRequired() {
			assertThat(rejected("username", null)).containsExactly(Map.entry("username", "is required"));
		}

		@Test
		void usernameHasAtLeast3Characters() {
			assertThat(rejected("username", "ab").get("username")).contains("3 to 50 characters");
		}

		@Test
		void usernameHasAtMost50Characters() {
			assertThat(rejected("username", "a".repeat(51))).containsOnlyKeys("username");
			accepted("username", unique("u") + "x".repeat(50 - 14));
		}

		@Test
		void usernameUsesOnlyLettersDigitsUnderscoreDotAndDash() {
			assertThat(rejected("username", "with space")).containsOnlyKeys("username");
			assertThat(rejected("username", "ünïcode")).containsOnlyKeys("username");
			assertThat(rejected("username", "at@sign")).containsOnlyKeys("username");
			accepted("username", unique("A.b-c_D9"));
		}

		@Test
		void fullNameIsRequired() {
			assertThat(rejected("fullName", null)).containsExactly(Map.entry("fullName", "is required"));
		}

		@Test
		void fullNameIsNotBlank() {
			assertThat(rejected("fullName", "   ").get("fullName")).contains("1 to 255 characters");
		}

		@Test
		void fullNameHasAtMost255Characters() {
			assertThat(rejected("fullName", "é".repeat(256))).containsOnlyKeys("fullName");
			accepted("fullName", "é".repeat(255));
		}

		@Test
		void fullNameHasNoControlCharacters() {
			assertThat(rejected("fullName", "Ada\u0000Lovelace").get("fullName")).contains("control characters");
		}

		@Test
		void passwordIsRequired() {
			assertThat(rejected("password", null)).containsExactly(Map.entry("password", "is required"));
		}

		@Test
		void passwordHasAtLeast8Characters() {
			assertThat(rejected("password", "Ab1!xyz").get("password")).isEqualTo("must be 8 to 128 characters long");
		}

		@Test
		void passwordHasAtMost128Characters() {
			assertThat(rejected("password", "Ab1!" + "x".repeat(125)).get("password"))
				.isEqualTo("must be 8 to 128 characters long");
		}

		@Test
		void passwordHasAnUpperCaseLetter() {
			assertThat(rejected("password", "lower-case-1!").get("password"))
				.isEqualTo("must contain an upper-case letter");
		}

		@Test
		void passwordHasADigit() {
			assertThat(rejected("password", "No-Digits-Here!").get("password")).isEqualTo("must contain a digit");
		}

		@Test
		void passwordHasOneOfTheSpecialCharacters() {
			assertThat(rejected("password", "NoSpecial123").get("password")).isEqualTo("must contain one of !@#$%^&*");
		}

		@Test
		void everyBrokenPasswordRuleIsNamedInTheOneEntry() {
			assertThat(rejected("password", "short").get("password")).isEqualTo("must be 8 to 128 characters long; "
					+ "must contain an upper-case letter; must contain a digit; must contain one of !@#$%^&*");
		}

		@Test
		void everyInvalidFieldIsReportedAtOnce() {
			Map<String, String> errors = fieldErrors(client.post()
				.uri("/api/v1/auth/register")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("email", "nope", "username", "x", "password", "weak", "fullName", ""))
				.exchange());
			assertThat(errors).containsOnlyKeys("email", "username", "password", "fullName");
		}

		/**
		 * 128 characters is far past BCrypt's 72 bytes: the whole password must count,
		 * not a prefix.
		 */
		@Test
		void aLongPasswordIsAcceptedAndEveryCharacterOfItCounts() {
			String longPassword = "Ab1!" + "é".repeat(124);
			Map<String, Object> body = registration(unique("long"));
			body.put("password", longPassword);
			client.post()
				.uri("/api/v1/auth/register")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.exchange()
				.expectStatus()
				.isCreated();
			WebTestClient from = Accounts.freshClient(server);

			Accounts.login(from, (String) body.get("username"), longPassword).expectStatus().isOk();
			Accounts.login(from, (String) body.get("username"), longPassword.substring(0, 127) + "x")
				.expectStatus()
				.isUnauthorized();
		}

	}

	@Nested
	class Conflicts {

		@Test
		void aTakenEmailIs409WhateverItsCase() {
			Account first = Accounts.register(client);
			Map<String, Object> body = registration(unique("other"));
			body.put("email", first.email().toUpperCase());

			client.post()
				.uri("/api/v1/auth/register")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.exchange()
				.expectStatus()
				.isEqualTo(409)
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.errors[0].field")
				.isEqualTo("email")
				.jsonPath("$.errors.length()")
				.isEqualTo(1);
		}

		@Test
		void aTakenUsernameIs409WhateverItsCase() {
			Account first = Accounts.register(client);
			Map<String, Object> body = registration(unique("other"));
			body.put("username", first.username().toUpperCase());

			client.post()
				.uri("/api/v1/auth/register")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.exchange()
				.expectStatus()
				.isEqualTo(409)
				.expectBody()
				.jsonPath("$.errors[0].field")
				.isEqualTo("username");
		}

		@Test
		void twentyConcurrentRegistrationsOfOneEmailYieldExactlyOne201() {
			String email = unique("race") + "@example.test";
			List<Integer> statuses = registerConcurrently(20, i -> {
				Map<String, Object> body = registration(unique("race" + i));
				body.put("email", email);
				return body;
			});

			assertThat(statuses).filteredOn(status -> status == 201).hasSize(1);
			assertThat(statuses).filteredOn(status -> status == 409).hasSize(19);
			assertThat(database.count("SELECT count(*) FROM users WHERE email = ?", email)).isEqualTo(1);
		}

		@Test
		void twentyConcurrentRegistrationsOfOneUsernameYieldExactlyOne201() {
			String username = unique("race");
			List<Integer> statuses = registerConcurrently(20, i -> {
				Map<String, Object> body = registration(unique("race" + i));
				body.put("username", i % 2 == 0 ? username : username.toUpperCase());
				return body;
			});

			assertThat(statuses).filteredOn(status -> status == 201).hasSize(1);
			assertThat(statuses).filteredOn(status -> status == 409).hasSize(19);
		}

		private List<Integer> registerConcurrently(int count, IntFunction<Map<String, Object>> bodies) {
			WebClient web = WebClient.create(server.baseUrl());
			return Flux.range(0, count)
				.map(bodies::apply)
				.flatMap(body -> web.post()
					.uri("/api/v1/auth/register")
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(body)
					.exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value())),
						count)
				.collectList()
				.block(Duration.ofSeconds(60));
		}

	}

	@Nested
	class MalformedRequests {

		private WebTestClient.ResponseSpec register(String body, MediaType type) {
			return client.post().uri("/api/v1/auth/register").contentType(type).bodyValue(body).exchange();
		}

		@Test
		void malformedJsonIs400() {
			register("{\"email\": ", MediaType.APPLICATION_JSON).expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		}

		@Test
		void aFieldOfTheWrongTypeIs422NamingIt() {
			assertThat(fieldErrors(
					register("{\"email\": {\"not\": \"a string\"}, \"username\": \"x\"}", MediaType.APPLICATION_JSON)))
				.containsOnlyKeys("email");
		}

		@Test
		void anArrayInsteadOfAnObjectIs400() {
			register("[1, 2]", MediaType.APPLICATION_JSON).expectStatus().isBadRequest();
		}

		@Test
		void anEmptyBodyIs400() {
			client.post()
				.uri("/api/v1/auth/register")
				.contentType(MediaType.APPLICATION_JSON)
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		}

		@Test
		void anotherContentTypeIs415() {
			register("email=a@b.c", MediaType.APPLICATION_FORM_URLENCODED).expectStatus()
				.isEqualTo(415)
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		}

		@Test
		void aWrongTypeOnTheAdminPatchIs422NamingIt() {
			Account account = Accounts.register(client);
			database.execute("UPDATE users SET role = 'admin' WHERE id = " + account.id());
			assertThat(fieldErrors(client.patch()
				.uri("/api/v1/admin/users/{id}", account.id())
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + Accounts.token(client, account))
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"isActive\": \"perhaps\"}")
				.exchange())).containsOnlyKeys("isActive");
		}

	}

	/**
	 * Every failed sign-in gives the very same answer, so accounts cannot be discovered.
	 */
	@Nested
	class LoginFailures {

		private final WebTestClient from = Accounts.freshClient(server);

		private String failedBody(String login, String password) {
			return Accounts.login(from, login, password)
				.expectStatus()
				.isUnauthorized()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody(String.class)
				.returnResult()
				.getResponseBody();
		}

		@Test
		void unknownUserWrongPasswordDeactivatedAndDeletedAllGetTheSame401() {
			Account wrongPassword = Accounts.register(client);
			Account deactivated = Accounts.register(client);
			database.execute("UPDATE users SET is_active = false WHERE id = " + deactivated.id());
			Account deleted = Accounts.register(client);
			client.delete()
				.uri("/api/v1/users/me")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + Accounts.token(client, deleted))
				.exchange()
				.expectStatus()
				.isNoContent();

			String unknown = failedBody(unique("nobody") + "@example.test", PASSWORD);
			String wrong = failedBody(wrongPassword.email(), "Wrong-Password-1!");
			String inactive = failedBody(deactivated.email(), PASSWORD);
			String gone = failedBody(deleted.username(), PASSWORD);

			assertThat(unknown).contains("\"status\":401");
			assertThat(List.of(wrong, inactive, gone)).allSatisfy(body -> assertThat(body).isEqualTo(unknown));
		}

		@Test
		void aMissingLoginOrPasswordIs422() {
			assertThat(fieldErrors(from.post()
				.uri("/api/v1/auth/login")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("login", " "))
				.exchange())).containsOnlyKeys("login", "password");
		}

		@Test
		void aLoginWithAControlCharacterIs422NotAServerError() {
			assertThat(fieldErrors(from.post()
				.uri("/api/v1/auth/login")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("login", "nul\u0000byte", "password", PASSWORD))
				.exchange())).containsOnlyKeys("login");
		}

		@Test
		void lastLoginAtIsOnlySetBySuccess() {
			Account account = Accounts.register(client);
			failedBody(account.email(), "Wrong-Password-1!");
			assertThat(
					database.count("SELECT count(*) FROM users WHERE id = ? AND last_login_at IS NULL", account.id()))
				.isEqualTo(1);

			Accounts.login(from, account.email(), PASSWORD).expectStatus().isOk();
			assertThat(database.count("SELECT count(*) FROM users WHERE id = ? AND last_login_at IS NOT NULL",
					account.id()))
				.isEqualTo(1);
		}

	}

	@Nested
	class OwnAccount {

		private WebTestClient.ResponseSpec patch(String token, Object body) {
			return client.patch()
				.uri("/api/v1/users/me")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.exchange();
		}

		@Test
		void meNeedsAToken() {
			client.get()
				.uri("/api/v1/users/me")
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectHeader()
				.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		}

		@Test
		void theFullNameChanges() {
			Account account = Accounts.register(client);
			String token = Accounts.token(client, account);

			patch(token, Map.of("fullName", "  Grace Hopper ")).expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.fullName")
				.isEqualTo("Grace Hopper");
			client.get()
				.uri("/api/v1/users/me")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
				.exchange()
				.expectBody()
				.jsonPath("$.fullName")
				.isEqualTo("Grace Hopper");
		}

		@Test
		void anEmptyPatchChangesNothing() {
			Account account = Accounts.register(client);
			String token = Accounts.token(client, account);

			patch(token, Map.of()).expectStatus().isOk().expectBody().jsonPath("$.fullName").isEqualTo("Ada Lovelace");
		}

		@Test
		void aQueryParameterIs400NamingIt() {
			Account account = Accounts.register(client);
			String token = Accounts.token(client, account);

			client.get()
				.uri("/api/v1/users/me?fields=email")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.parameter")
				.isEqualTo("fields");
			client.delete()
				.uri("/api/v1/users/me?confirm=true")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
				.exchange()
				.expectStatus()
				.isBadRequest();
			client.get()
				.uri("/api/v1/users/me")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
				.exchange()
				.expectStatus()
				.isOk();
		}

		@Test
		void aFieldThatCannotBeChangedHereIs422AndChangesNothing() {
			Account account = Accounts.register(client);
			String token = Accounts.token(client, account);

			assertThat(fieldErrors(patch(token, Map.of("email", "elsewhere@example.com", "fullName", "Renamed"))))
				.containsOnlyKeys("email");
			client.get()
				.uri("/api/v1/users/me")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.fullName")
				.isEqualTo("Ada Lovelace");
		}

		@Test
		void anInvalidFullNameIs422() {
			Account account = Accounts.register(client);

			assertThat(fieldErrors(patch(Accounts.token(client, account), Map.of("fullName", ""))))
				.containsOnlyKeys("fullName");
		}

		@Test
		void thePasswordChangesWithTheCurrentOne() {
			Account account = Accounts.register(client);
			String token = Accounts.token(client, account);

			patch(token, Map.of("password", "New-Password-2@", "currentPassword", PASSWORD)).expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.passwordHash")
				.doesNotExist();

			WebTestClient from = Accounts.freshClient(server);
			Accounts.login(from, account.email(), PASSWORD).expectStatus().isUnauthorized();
			Accounts.login(from, account.email(), "New-Password-2@").expectStatus().isOk();
		}

		@Test
		void changingThePasswordEndsEveryTokenIssuedBeforeIt() {
			Account account = Accounts.register(client);
			String used = Accounts.token(client, account);
			String other = Accounts.token(Accounts.freshClient(server), account);
			client.get()
				.uri("/api/v1/users/me")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + other)
				.exchange()
				.expectStatus()
				.isOk();

			patch(used, Map.of("password", "New-Password-2@", "currentPassword", PASSWORD)).expectStatus().isOk();

			for (String old : List.of(used, other)) {
				client.get()
					.uri("/api/v1/users/me")
					.header(HttpHeaders.AUTHORIZATION, "Bearer " + old)
					.exchange()
					.expectStatus()
					.isUnauthorized()
					.expectHeader()
					.contentType(MediaType.APPLICATION_PROBLEM_JSON);
			}
			String fresh = Accounts.token(client,
					new Account(account.id(), account.email(), account.username(), "New-Password-2@"));
			client.get()
				.uri("/api/v1/users/me")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + fresh)
				.exchange()
				.expectStatus()
				.isOk();
		}

		@Test
		void changingOnlyTheFullNameKeepsTheTokens() {
			Account account = Accounts.register(client);
			String token = Accounts.token(client, account);

			patch(token, Map.of("fullName", "Grace Hopper")).expectStatus().isOk();

			assertThat(database.count("SELECT count(*) FROM users WHERE id = ? AND token_version = 0", account.id()))
				.isEqualTo(1);
			client.get()
				.uri("/api/v1/users/me")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
				.exchange()
				.expectStatus()
				.isOk();
		}

		@Test
		void aNewPasswordWithoutTheCurrentOneIs422() {
			Account account = Accounts.register(client);

			assertThat(fieldErrors(patch(Accounts.token(client, account), Map.of("password", "New-Password-2@"))))
				.containsOnlyKeys("currentPassword");
		}

		@Test
		void aWrongCurrentPasswordIs422AndChangesNothing() {
			Account account = Accounts.register(client);
			WebTestClient from = Accounts.freshClient(server);
			String token = Accounts.token(from, account);

			assertThat(fieldErrors(from.patch()
				.uri("/api/v1/users/me")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("password", "New-Password-2@", "currentPassword", "Not-It-3#"))
				.exchange())).containsExactly(Map.entry("currentPassword", "is not correct"));

			Accounts.login(from, account.email(), PASSWORD).expectStatus().isOk();
		}

		@Test
		void aNewPasswordBreakingTheRulesIs422() {
			Account account = Accounts.register(client);

			assertThat(fieldErrors(patch(Accounts.token(client, account),
					Map.of("password", "weakweak", "currentPassword", PASSWORD))))
				.containsOnlyKeys("password");
		}

	}

	@Nested
	class SoftDelete {

		@Test
		void deleteIs204AndLocksTheAccountOut() {
			Account account = Accounts.register(client);
			String token = Accounts.token(client, account);

			client.delete()
				.uri("/api/v1/users/me")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
				.exchange()
				.expectStatus()
				.isNoContent()
				.expectBody()
				.isEmpty();

			client.get()
				.uri("/api/v1/users/me")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
				.exchange()
				.expectStatus()
				.isUnauthorized();
			Accounts.login(Accounts.freshClient(server), account.email(), PASSWORD).expectStatus().isUnauthorized();
			assertThat(
					database.count("SELECT count(*) FROM users WHERE id = ? AND deleted_at IS NOT NULL", account.id()))
				.isEqualTo(1);
		}

		@Test
		void aDeletedAccountIsHiddenFromAdministrators() {
			Account deleted = Accounts.register(client);
			client.delete()
				.uri("/api/v1/users/me")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + Accounts.token(client, deleted))
				.exchange()
				.expectStatus()
				.isNoContent();
			Account admin = Accounts.register(client);
			database.execute("UPDATE users SET role = 'admin' WHERE id = " + admin.id());
			String adminToken = Accounts.token(client, admin);

			long total = database.count("SELECT count(*) FROM users");
			Map<String, Object> page = client.get()
				.uri("/api/v1/admin/users?limit=100&offset={offset}", Math.max(0, total - 100))
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + adminToken)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(JSON)
				.returnResult()
				.getResponseBody();
			assertThat(page.get("items").toString()).doesNotContain(deleted.username());
			assertThat(((Number) page.get("total")).longValue())
				.isEqualTo(database.count("SELECT count(*) FROM users WHERE deleted_at IS NULL"));

			client.patch()
				.uri("/api/v1/admin/users/{id}", deleted.id())
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + adminToken)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("isActive", true))
				.exchange()
				.expectStatus()
				.isNotFound();
		}

	}

	@Test
	void noPasswordTokenOrHashReachesTheLogs() {
		Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		ListAppender<ILoggingEvent> captured = new ListAppender<>();
		captured.start();
		root.addAppender(captured);
		String password = "Log-Canary-" + unique("p") + "9!";
		String token;
		try {
			Map<String, Object> body = registration(unique("logs"));
			body.put("password", password);
			client.post()
				.uri("/api/v1/auth/register")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.exchange()
				.expectStatus()
				.isCreated();
			WebTestClient from = Accounts.freshClient(server);
			Accounts.login(from, (String) body.get("username"), password + "x").expectStatus().isUnauthorized();
			token = (String) Accounts.login(from, (String) body.get("username"), password)
				.expectStatus()
				.isOk()
				.expectBody(JSON)
				.returnResult()
				.getResponseBody()
				.get("accessToken");
			client.patch()
				.uri("/api/v1/users/me")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"password\": \"" + password + "\", \"currentPassword\": ")
				.exchange()
				.expectStatus()
				.isBadRequest();
			client.get()
				.uri("/api/v1/users/me")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + token + "x")
				.exchange()
				.expectStatus()
				.isUnauthorized();
		}
		finally {
			root.detachAppender(captured);
		}

		assertThat(captured.list).allSatisfy(event -> {
			String text = event.getFormattedMessage()
					+ (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
			assertThat(text).doesNotContain(password).doesNotContain(token).doesNotContain("$2a$");
		});
	}

}
