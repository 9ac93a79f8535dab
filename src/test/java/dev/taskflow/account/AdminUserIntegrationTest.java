package dev.taskflow.account;

import dev.taskflow.account.Accounts.Account;
import dev.taskflow.support.TestDatabase;
import dev.taskflow.support.TestServer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.taskflow.account.Accounts.JSON;
import static dev.taskflow.account.Accounts.PASSWORD;
import static dev.taskflow.account.Accounts.fieldErrors;
import static org.assertj.core.api.Assertions.assertThat;

/** Administering accounts: only for role admin, and never for a deleted account. */
class AdminUserIntegrationTest {

	private static final TestServer server = TestServer.shared();

	private static final TestDatabase database = TestDatabase.main();

	private final WebTestClient client = server.client();

	private Account admin;

	private String adminToken;

	@BeforeEach
	void anAdministrator() {
		admin = Accounts.register(client);
		database.execute("UPDATE users SET role = 'admin' WHERE id = " + admin.id());
		adminToken = Accounts.token(client, admin);
	}

	private WebTestClient.ResponseSpec list(String token, String query) {
		return client.get()
			.uri("/api/v1/admin/users" + query)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange();
	}

	private WebTestClient.ResponseSpec patch(String token, long id, Object body) {
		return client.patch()
			.uri("/api/v1/admin/users/{id}", id)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	@Test
	void aUserWhoIsNotAnAdministratorGets403() {
		Account user = Accounts.register(client);
		String token = Accounts.token(client, user);

		list(token, "").expectStatus()
			.isForbidden()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(403);
		patch(token, user.id(), Map.of("role", "admin")).expectStatus().isForbidden();
		assertThat(database.count("SELECT count(*) FROM users WHERE id = ? AND role = 'user'", user.id())).isEqualTo(1);
	}

	@Test
	void withoutATokenTheAnswerIs401() {
		client.get().uri("/api/v1/admin/users").exchange().expectStatus().isUnauthorized();
	}

	@Test
	void theListIsPagedInIdOrderWithTheTotal() {
		Accounts.register(client);
		Accounts.register(client);

		Map<String, Object> first = list(adminToken, "?limit=2").expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		Map<String, Object> second = list(adminToken, "?limit=2&offset=2").expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();

		assertThat(first).containsOnlyKeys("items", "total", "limit", "offset");
		assertThat(first.get("limit")).isEqualTo(2);
		assertThat(first.get("offset")).isEqualTo(0);
		assertThat(second.get("offset")).isEqualTo(2);
		assertThat(((Number) first.get("total")).longValue())
			.isEqualTo(database.count("SELECT count(*) FROM users WHERE deleted_at IS NULL"));
		List<Long> ids = new ArrayList<>(ids(first));
		ids.addAll(ids(second));
		assertThat(ids).hasSize(4).isSorted().doesNotHaveDuplicates();
		assertThat(((List<?>) first.get("items")).toString()).doesNotContain("password");
	}

	@Test
	void theDefaultPageHas20Users() {
		for (int i = 0; i < 3; i++) {
			Accounts.register(client);
		}
		long total = database.count("SELECT count(*) FROM users WHERE deleted_at IS NULL");

		Map<String, Object> page = list(adminToken, "").expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();

		assertThat(page.get("limit")).isEqualTo(20);
		assertThat(ids(page)).hasSize((int) Math.min(20, total));
	}

	@Test
	void aLimitOutsideOneTo100Is400NamingIt() {
		list(adminToken, "?limit=0").expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.parameter")
			.isEqualTo("limit");
		list(adminToken, "?limit=101").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.parameter")
			.isEqualTo("limit");
	}

	@Test
	void aNegativeOrNonNumericOffsetIs400NamingIt() {
		list(adminToken, "?offset=-1").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.parameter")
			.isEqualTo("offset");
		list(adminToken, "?offset=ten").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.parameter")
			.isEqualTo("offset");
	}

	@Test
	void anUnknownOrRepeatedParameterIs400NamingIt() {
		list(adminToken, "?sort=email").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.parameter")
			.isEqualTo("sort");
		list(adminToken, "?limit=5&limit=50").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.parameter")
			.isEqualTo("limit");
	}

	@Test
	void deactivatingAUserLocksTheirTokensAndLoginOutUntilReactivated() {
		Account user = Accounts.register(client);
		WebTestClient from = Accounts.freshClient(server);
		String token = Accounts.token(from, user);

		patch(adminToken, user.id(), Map.of("isActive", false)).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.isActive")
			.isEqualTo(false);
		client.get()
			.uri("/api/v1/users/me")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange()
			.expectStatus()
			.isUnauthorized();
		Accounts.login(from, user.email(), PASSWORD).expectStatus().isUnauthorized();

		patch(adminToken, user.id(), Map.of("isActive", true)).expectStatus().isOk();
		client.get()
			.uri("/api/v1/users/me")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void promotingAUserOpensTheAdminEndpointsToThemOnTheirNextRequest() {
		Account user = Accounts.register(client);
		String token = Accounts.token(client, user);
		list(token, "").expectStatus().isForbidden();

		patch(adminToken, user.id(), Map.of("role", "admin")).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.role")
			.isEqualTo("admin");

		list(token, "").expectStatus().isOk();
	}

	@Test
	void anUnknownRoleIs422() {
		Account user = Accounts.register(client);

		assertThat(fieldErrors(patch(adminToken, user.id(), Map.of("role", "root")))).containsOnlyKeys("role");
	}

	@Test
	void anAdministratorCannotDeactivateOrDemoteThemselves() {
		assertThat(fieldErrors(patch(adminToken, admin.id(), Map.of("isActive", false, "role", "user"))))
			.containsOnlyKeys("isActive", "role");
		client.get()
			.uri("/api/v1/users/me")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + adminToken)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.role")
			.isEqualTo("admin");
	}

	@Test
	void anUnknownUserIs404() {
		patch(adminToken, Long.MAX_VALUE, Map.of("isActive", false)).expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		client.patch()
			.uri("/api/v1/admin/users/not-a-number")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + adminToken)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("isActive", false))
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@SuppressWarnings("unchecked")
	private static List<Long> ids(Map<String, Object> page) {
		return ((List<Map<String, Object>>) page.get("items")).stream()
			.map(user -> ((Number) user.get("id")).longValue())
			.toList();
	}

}
