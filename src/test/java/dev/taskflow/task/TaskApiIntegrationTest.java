package dev.taskflow.task;

import dev.taskflow.idempotency.IdempotencyKeys;
import dev.taskflow.support.TestDatabase;
import dev.taskflow.support.TestServer;
import dev.taskflow.support.TestUsers;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.taskflow.task.TaskClient.body;
import static dev.taskflow.task.TaskClient.ids;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The task API, endpoint by endpoint, against a real server and database. Every test
 * works as a fresh user, so tests never see each other's tasks.
 */
class TaskApiIntegrationTest {

	private final TestServer server = TestServer.shared();

	private final TestDatabase database = TestDatabase.main();

	private final TaskClient alice = new TaskClient(server, TestUsers.create(database));

	private long taskCount(TaskClient client) {
		return database.count("SELECT count(*) FROM tasks WHERE user_id = ?", client.user().id());
	}

	@Nested
	class Creating {

		@Test
		void createsWithDefaultsAndAnswers201WithLocationAndETag() {
			var response = alice.post("/api/v1/tasks")
				.bodyValue("{\"title\":\"  Buy milk  \"}")
				.exchange()
				.expectStatus()
				.isCreated()
				.expectHeader()
				.contentType(MediaType.APPLICATION_JSON)
				.expectHeader()
				.valueEquals(HttpHeaders.ETAG, "\"1\"");
			JsonNode task = body(response);
			long id = task.get("id").longValue();

			response.expectHeader().valueEquals(HttpHeaders.LOCATION, "/api/v1/tasks/" + id);
			assertThat(task.get("title").stringValue()).isEqualTo("Buy milk");
			assertThat(task.get("description").isNull()).isTrue();
			assertThat(task.get("priority").stringValue()).isEqualTo("medium");
			assertThat(task.get("completed").booleanValue()).isFalse();
			assertThat(task.get("dueAt").isNull()).isTrue();
			assertThat(task.get("version").intValue()).isEqualTo(1);
			assertThat(task.get("createdAt").stringValue()).endsWith("Z")
				.isEqualTo(task.get("updatedAt").stringValue());
			assertThat(Instant.parse(task.get("createdAt").stringValue())).isBefore(Instant.now().plusSeconds(60));
		}

		@Test
		void keepsEveryFieldAndWritesTimestampsInUtc() {
			JsonNode task = alice.create("""
					{"title":"Report","description":"Quarterly numbers","priority":"high",
					 "dueAt":"2030-01-02T03:04:05+02:00","completed":true}""");

			assertThat(task.get("description").stringValue()).isEqualTo("Quarterly numbers");
			assertThat(task.get("priority").stringValue()).isEqualTo("high");
			assertThat(task.get("dueAt").stringValue()).isEqualTo("2030-01-02T01:04:05Z");
			assertThat(task.get("completed").booleanValue()).isTrue();
		}

		@Test
		void acceptsTitlesUpTo255CharactersCountingCodePoints() {
			String title = "🙂".repeat(255);

			assertThat(alice.createTitled(title).get("title").stringValue()).isEqualTo(title);
			alice.post("/api/v1/tasks")
				.bodyValue("{\"title\":\"" + "a".repeat(256) + "\"}")
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
		}

		@Test
		void reportsEveryInvalidFieldAtOnceWith422() {
			alice.post("/api/v1/tasks")
				.bodyValue("""
						{"title":"   ","description":"%s","priority":"urgent","dueAt":"2030-01-02T03:04:05",
						 "completed":"yes","owner":7}""".formatted("x".repeat(10_001)))
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo(422)
				.jsonPath("$.errors[*].field")
				.value(fields -> assertThat(fields).asInstanceOf(InstanceOfAssertFactories.LIST)
					.containsExactlyInAnyOrder("title", "description", "priority", "dueAt", "completed", "owner"));
			assertThat(taskCount(alice)).isZero();
		}

		@Test
		void requiresATitleAndRefusesWrongTypes() {
			alice.post("/api/v1/tasks")
				.bodyValue("{\"description\":\"no title\"}")
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
				.expectBody()
				.jsonPath("$.errors[0].field")
				.isEqualTo("title");
			alice.post("/api/v1/tasks")
				.bodyValue("{\"title\":42}")
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
			alice.post("/api/v1/tasks")
				.bodyValue("{\"title\":\"nul \\u0000 inside\"}")
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
			alice.post("/api/v1/tasks")
				.bodyValue("{\"title\":\"x\",\"dueAt\":\"+100000-01-01T00:00:00Z\"}")
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
		}

		@Test
		void malformedJsonIs400() {
			alice.post("/api/v1/tasks")
				.bodyValue("{\"title\": ")
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON);
			alice.post("/api/v1/tasks")
				.bodyValue("[{\"title\":\"in an array\"}]")
				.exchange()
				.expectStatus()
				.isBadRequest();
			alice.post("/api/v1/tasks").exchange().expectStatus().isBadRequest();
		}

		@Test
		void aContentTypeOtherThanJsonIs415() {
			alice.post("/api/v1/tasks")
				.contentType(MediaType.TEXT_PLAIN)
				.bodyValue("title=x")
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
				.expectHeader()
				.valueEquals("Accept-Post", "application/json")
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		}

		@Test
		void aBodyOverOneMebibyteIs413() {
			String huge = "{\"title\":\"big\",\"description\":\"" + "x".repeat(1024 * 1024) + "\"}";

			alice.post("/api/v1/tasks")
				.bodyValue(huge)
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat(taskCount(alice)).isZero();
		}

		@Test
		void aChunkedBodyOverOneMebibyteIs413() {
			Flux<String> chunks = Flux.range(0, 20)
				.map(i -> i == 0 ? "{\"title\":\"big\",\"description\":\"" : "x".repeat(64 * 1024));

			alice.post("/api/v1/tasks")
				.body(chunks, String.class)
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
			assertThat(taskCount(alice)).isZero();
		}

		@Test
		void aQueryParameterIs400() {
			alice.post("/api/v1/tasks?notify=true")
				.bodyValue("{\"title\":\"x\"}")
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.parameter")
				.isEqualTo("notify");
		}

		@Test
		void withoutATokenIs401() {
			server.client()
				.post()
				.uri("/api/v1/tasks")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"title\":\"x\"}")
				.exchange()
				.expectStatus()
				.isUnauthorized();
		}

	}

	@Nested
	class Reading {

		@Test
		void answersWithTheTaskAndItsETag() {
			long id = alice.createTitled("Read me").get("id").longValue();

			alice.getTask(id)
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals(HttpHeaders.ETAG, "\"1\"")
				.expectBody()
				.jsonPath("$.title")
				.isEqualTo("Read me");
		}

		@Test
		void ifNoneMatchWithTheCurrentTagIs304() {
			long id = alice.createTitled("Cached").get("id").longValue();

			alice.http()
				.get()
				.uri("/api/v1/tasks/{id}", id)
				.header(HttpHeaders.AUTHORIZATION, alice.user().bearer())
				.header(HttpHeaders.IF_NONE_MATCH, "\"1\"")
				.exchange()
				.expectStatus()
				.isNotModified()
				.expectHeader()
				.valueEquals(HttpHeaders.ETAG, "\"1\"")
				.expectHeader()
				.valueEquals(HttpHeaders.CACHE_CONTROL, "private, no-cache")
				.expectBody()
				.isEmpty();
			alice.http()
				.get()
				.uri("/api/v1/tasks/{id}", id)
				.header(HttpHeaders.AUTHORIZATION, alice.user().bearer())
				.header(HttpHeaders.IF_NONE_MATCH, "*")
				.exchange()
				.expectStatus()
				.isNotModified();
			alice.http()
				.get()
				.uri("/api/v1/tasks/{id}", id)
				.header(HttpHeaders.AUTHORIZATION, alice.user().bearer())
				.header(HttpHeaders.IF_NONE_MATCH, "\"7\", W/\"1\"")
				.exchange()
				.expectStatus()
				.isNotModified();
			alice.patch(id).bodyValue("{\"completed\":true}").exchange().expectStatus().isOk();
			alice.http()
				.get()
				.uri("/api/v1/tasks/{id}", id)
				.header(HttpHeaders.AUTHORIZATION, alice.user().bearer())
				.header(HttpHeaders.IF_NONE_MATCH, "\"1\"")
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals(HttpHeaders.ETAG, "\"2\"");
		}

		@Test
		void aMissingTaskIs404() {
			alice.getTask(Long.MAX_VALUE)
				.expectStatus()
				.isNotFound()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON);
			alice.http()
				.get()
				.uri("/api/v1/tasks/99999999999999999999999")
				.header(HttpHeaders.AUTHORIZATION, alice.user().bearer())
				.exchange()
				.expectStatus()
				.isNotFound();
			alice.http()
				.get()
				.uri("/api/v1/tasks/abc")
				.header(HttpHeaders.AUTHORIZATION, alice.user().bearer())
				.exchange()
				.expectStatus()
				.isNotFound();
		}

	}

	@Nested
	class Patching {

		@Test
		void leavesAbsentFieldsAloneAndClearsNullOnes() {
			JsonNode created = alice
				.create("""
						{"title":"Plan trip","description":"Book hotel","priority":"low","dueAt":"2030-06-01T09:00:00Z"}""");
			long id = created.get("id").longValue();

			JsonNode patched = body(alice.patch(id)
				.bodyValue("{\"description\":null,\"dueAt\":null,\"completed\":true}")
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals(HttpHeaders.ETAG, "\"2\""));

			assertThat(patched.get("title").stringValue()).isEqualTo("Plan trip");
			assertThat(patched.get("priority").stringValue()).isEqualTo("low");
			assertThat(patched.get("description").isNull()).isTrue();
			assertThat(patched.get("dueAt").isNull()).isTrue();
			assertThat(patched.get("completed").booleanValue()).isTrue();
			assertThat(patched.get("version").intValue()).isEqualTo(2);
			assertThat(patched.get("createdAt")).isEqualTo(created.get("createdAt"));
			assertThat(Instant.parse(patched.get("updatedAt").stringValue()))
				.isAfter(Instant.parse(created.get("updatedAt").stringValue()));
			assertThat(body(alice.getTask(id).expectStatus().isOk())).isEqualTo(patched);
		}

		@Test
		void setsFieldsAndTrimsTheTitle() {
			long id = alice.createTitled("Old").get("id").longValue();

			alice.patch(id)
				.bodyValue(
						"{\"title\":\"  New  \",\"priority\":\"high\",\"description\":\"d\",\"dueAt\":\"2031-01-01T00:00:00Z\"}")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.title")
				.isEqualTo("New")
				.jsonPath("$.priority")
				.isEqualTo("high")
				.jsonPath("$.description")
				.isEqualTo("d")
				.jsonPath("$.dueAt")
				.isEqualTo("2031-01-01T00:00:00Z");
		}

		@Test
		void acceptsPlainJsonToo() {
			long id = alice.createTitled("Plain").get("id").longValue();

			alice.patch(id)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"completed\":true}")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.completed")
				.isEqualTo(true);
		}

		@Test
		void refusesToClearRequiredFieldsAndChangesNothing() {
			long id = alice.createTitled("Keep me").get("id").longValue();

			alice.patch(id)
				.bodyValue("{\"title\":null,\"priority\":null,\"completed\":null,\"version\":9}")
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
				.expectBody()
				.jsonPath("$.errors.length()")
				.isEqualTo(4);
			alice.getTask(id)
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.title")
				.isEqualTo("Keep me")
				.jsonPath("$.version")
				.isEqualTo(1);
		}

		@Test
		void ifMatchWithTheCurrentTagApplies() {
			long id = alice.createTitled("Guarded").get("id").longValue();

			alice.patch(id)
				.header(HttpHeaders.IF_MATCH, "\"1\"")
				.bodyValue("{\"title\":\"Guarded 2\"}")
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals(HttpHeaders.ETAG, "\"2\"");
			alice.patch(id)
				.header(HttpHeaders.IF_MATCH, "*")
				.bodyValue("{\"title\":\"Guarded 3\"}")
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals(HttpHeaders.ETAG, "\"3\"");
		}

		@Test
		void aStaleIfMatchIs412AndChangesNothing() {
			long id = alice.createTitled("Original").get("id").longValue();
			alice.patch(id).bodyValue("{\"title\":\"Changed elsewhere\"}").exchange().expectStatus().isOk();

			alice.patch(id)
				.header(HttpHeaders.IF_MATCH, "\"1\"")
				.bodyValue("{\"title\":\"Lost update\"}")
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.PRECONDITION_FAILED)
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON);
			alice.patch(id)
				.header(HttpHeaders.IF_MATCH, "W/\"2\"")
				.bodyValue("{\"title\":\"Weak tag\"}")
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.PRECONDITION_FAILED);
			// Not the tags this server writes: "02" is not "2", and a * inside a list is
			// no wildcard.
			alice.patch(id)
				.header(HttpHeaders.IF_MATCH, "\"02\"")
				.bodyValue("{\"title\":\"Padded tag\"}")
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.PRECONDITION_FAILED);
			alice.patch(id)
				.header(HttpHeaders.IF_MATCH, "\"1\", *")
				.bodyValue("{\"title\":\"Star in a list\"}")
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.PRECONDITION_FAILED);
			alice.getTask(id)
				.expectBody()
				.jsonPath("$.title")
				.isEqualTo("Changed elsewhere")
				.jsonPath("$.version")
				.isEqualTo(2);
		}

		@Test
		void withoutIfMatchTheLastWriteWins() {
			long id = alice.createTitled("First").get("id").longValue();

			alice.patch(id).bodyValue("{\"title\":\"Second\"}").exchange().expectStatus().isOk();
			alice.patch(id).bodyValue("{\"title\":\"Third\"}").exchange().expectStatus().isOk();

			alice.getTask(id).expectBody().jsonPath("$.title").isEqualTo("Third").jsonPath("$.version").isEqualTo(3);
		}

		@Test
		void aContentTypeOtherThanJsonIs415AndAMissingTaskIs404() {
			long id = alice.createTitled("Typed").get("id").longValue();

			alice.patch(id)
				.contentType(MediaType.TEXT_PLAIN)
				.bodyValue("completed")
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
				.expectHeader()
				.valueEquals("Accept-Patch", "application/merge-patch+json, application/json");
			alice.patch(Long.MAX_VALUE).bodyValue("{\"completed\":true}").exchange().expectStatus().isNotFound();
			alice.patch(id).bodyValue("{\"completed\":").exchange().expectStatus().isBadRequest();
		}

	}

	@Nested
	class Deleting {

		@Test
		void deletesAndThenTheTaskIsGone() {
			long id = alice.createTitled("Remove").get("id").longValue();

			alice.delete(id).exchange().expectStatus().isNoContent().expectBody().isEmpty();
			alice.getTask(id).expectStatus().isNotFound();
			alice.delete(id).exchange().expectStatus().isNotFound();
		}

		@Test
		void aStaleIfMatchIs412AndKeepsTheTask() {
			long id = alice.createTitled("Still here").get("id").longValue();
			alice.patch(id).bodyValue("{\"completed\":true}").exchange().expectStatus().isOk();

			alice.delete(id)
				.header(HttpHeaders.IF_MATCH, "\"1\"")
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.PRECONDITION_FAILED);
			alice.getTask(id).expectStatus().isOk();
			alice.delete(id).header(HttpHeaders.IF_MATCH, "\"2\"").exchange().expectStatus().isNoContent();
		}

	}

	@Nested
	class Isolation {

		private final TaskClient bob = new TaskClient(server, TestUsers.create(database));

		@Test
		void anotherUsersTaskIs404OnEveryVerbAndStaysUntouched() {
			long id = alice.create("{\"title\":\"Alice's\",\"priority\":\"high\"}").get("id").longValue();

			bob.getTask(id).expectStatus().isNotFound();
			bob.patch(id).bodyValue("{\"title\":\"Bob's now\"}").exchange().expectStatus().isNotFound();
			bob.patch(id)
				.header(HttpHeaders.IF_MATCH, "\"7\"")
				.bodyValue("{\"title\":\"Bob's now\"}")
				.exchange()
				.expectStatus()
				.isNotFound();
			bob.delete(id).exchange().expectStatus().isNotFound();
			bob.delete(id).header(HttpHeaders.IF_MATCH, "\"7\"").exchange().expectStatus().isNotFound();

			alice.getTask(id)
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.title")
				.isEqualTo("Alice's")
				.jsonPath("$.version")
				.isEqualTo(1);
		}

		@Test
		void listsStreamsSearchesAndStatsShowOnlyTheCallersTasks() {
			alice.createTitled("shared word alpha");
			bob.createTitled("shared word beta");

			JsonNode page = bob.listJson("q=shared");
			assertThat(page.get("total").longValue()).isEqualTo(1);
			assertThat(page.get("items").get(0).get("title").stringValue()).isEqualTo("shared word beta");
			assertThat(bob.listJson("").get("total").longValue()).isEqualTo(1);
			assertThat(streamLines(bob, "")).hasSize(1);
			assertThat(bob.stats().get("total").longValue()).isEqualTo(1);
		}

	}

	@Nested
	class Listing {

		@Test
		void newestFirstByDefaultWithTotalLimitOffsetAndNextCursor() {
			List<Long> created = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				created.add(alice.createTitled("Task " + i).get("id").longValue());
			}

			JsonNode page = alice.listJson("");

			assertThat(ids(page.get("items"))).containsExactly(created.get(2), created.get(1), created.get(0));
			assertThat(page.get("total").longValue()).isEqualTo(3);
			assertThat(page.get("limit").intValue()).isEqualTo(20);
			assertThat(page.get("offset").intValue()).isZero();
			assertThat(page.get("nextCursor").isNull()).isTrue();
		}

		@Test
		void pagesWithLimitAndOffsetAndLeavesTotalOutWithCountNone() {
			alice.createBatch(batchOfTitles(5));

			JsonNode first = alice.listJson("sort=title,asc&limit=2");
			JsonNode second = alice.listJson("sort=title,asc&limit=2&offset=2&count=none");

			assertThat(titles(first)).containsExactly("t0", "t1");
			assertThat(first.get("total").longValue()).isEqualTo(5);
			assertThat(titles(second)).containsExactly("t2", "t3");
			assertThat(second.has("total")).isFalse();
			assertThat(second.get("offset").intValue()).isEqualTo(2);
		}

		@Test
		void continuesFromNextCursorAndEndsWithANullCursor() {
			alice.createBatch(batchOfTitles(5));

			JsonNode first = alice.listJson("sort=title&limit=2");
			JsonNode second = alice.listJson("sort=title&limit=2&cursor=" + first.get("nextCursor").stringValue());
			JsonNode third = alice.listJson("sort=title&limit=2&cursor=" + second.get("nextCursor").stringValue());

			assertThat(titles(second)).containsExactly("t2", "t3");
			assertThat(second.has("offset")).isFalse();
			assertThat(titles(third)).containsExactly("t4");
			assertThat(third.get("nextCursor").isNull()).isTrue();
		}

		/**
		 * The cursor carries the last title: with the longest title and search in
		 * four-byte characters, and both due filters, the link to the next page is about
		 * 4 KB, and it still leads there.
		 */
		@Test
		void aNextCursorOfTheLongestTitlesCanBeFollowed() {
			String face = "\uD83D\uDE00";
			String task = "{\"title\":\"" + face.repeat(255) + "\",\"dueAt\":\"2030-06-01T00:00:00Z\"}";
			alice.createBatch("{\"tasks\":[" + task + "," + task + "]}");
			String query = "q=" + URLEncoder.encode(face.repeat(200), StandardCharsets.UTF_8) + "&dueAfter="
					+ URLEncoder.encode("2000-01-01T00:00:00.000000001+00:00", StandardCharsets.UTF_8) + "&dueBefore="
					+ URLEncoder.encode("2999-12-31T23:59:59.999999999+00:00", StandardCharsets.UTF_8)
					+ "&completed=false&minPriority=low&sort=title,desc&limit=1";

			JsonNode first = alice.listJson(query);
			String next = query + "&cursor=" + first.get("nextCursor").stringValue();
			JsonNode second = alice.listJson(next);

			assertThat(alice.listUri(next).getRawQuery().length()).isGreaterThan(3900);
			assertThat(ids(second.get("items"))).hasSize(1).doesNotContainAnyElementsOf(ids(first.get("items")));
		}

		@Test
		void theTotalOfAFilteredPageCountsEveryMatchOnEveryPage() {
			alice.createBatch(batchOfTitles(5));
			alice.createTitled("xyz");

			JsonNode first = alice.listJson("q=t&sort=title&limit=2");
			JsonNode second = alice.listJson("q=t&sort=title&limit=2&cursor=" + first.get("nextCursor").stringValue());

			assertThat(titles(first)).containsExactly("t0", "t1");
			assertThat(first.get("total").longValue()).isEqualTo(5);
			assertThat(titles(second)).containsExactly("t2", "t3");
			assertThat(second.get("total").longValue()).isEqualTo(5);
		}

		@Test
		void anOffsetPastTheLastTaskIsAnEmptyPageWithTheTotal() {
			alice.createBatch(batchOfTitles(3));

			JsonNode page = alice.listJson("limit=2&offset=10");

			assertThat(page.get("items")).isEmpty();
			assertThat(page.get("total").longValue()).isEqualTo(3);
			assertThat(page.get("nextCursor").isNull()).isTrue();
		}

		@Test
		void aCursorMadeForAnotherSortOrNotMadeHereIs400() {
			alice.createBatch(batchOfTitles(3));
			String cursor = alice.listJson("sort=title&limit=1").get("nextCursor").stringValue();

			alice.list("sort=priority&cursor=" + cursor)
				.expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.parameter")
				.isEqualTo("cursor");
			alice.list("sort=title,desc&cursor=" + cursor).expectStatus().isBadRequest();
			alice.list("cursor=bm90LWEtY3Vyc29y")
				.expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.parameter")
				.isEqualTo("cursor");
			alice.list("cursor=not*base64").expectStatus().isBadRequest();
			alice.list("sort=title&offset=1&cursor=" + cursor)
				.expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.parameter")
				.isEqualTo("offset");
		}

		@Test
		void filtersByCompletionPriorityAndDueDate() {
			alice.createBatch("""
					{"tasks":[
					  {"title":"done low","priority":"low","completed":true,"dueAt":"2030-01-01T00:00:00Z"},
					  {"title":"open medium","priority":"medium","dueAt":"2030-02-01T00:00:00Z"},
					  {"title":"open high","priority":"high","dueAt":"2030-03-01T00:00:00Z"},
					  {"title":"open high undated","priority":"high"}]}""");

			assertThat(titles(alice.listJson("completed=true"))).containsExactly("done low");
			assertThat(titles(alice.listJson("completed=false&sort=title"))).containsExactly("open high",
					"open high undated", "open medium");
			assertThat(titles(alice.listJson("priority=high&sort=title"))).containsExactly("open high",
					"open high undated");
			assertThat(titles(alice.listJson("minPriority=medium&sort=title"))).containsExactly("open high",
					"open high undated", "open medium");
			assertThat(titles(alice.listJson("dueBefore=2030-02-01T00:00:00Z"))).containsExactly("done low");
			assertThat(titles(alice.listJson("dueAfter=2030-02-01T00:00:00Z&sort=dueAt")))
				.containsExactly("open medium", "open high");
			assertThat(titles(alice.listJson("dueAfter=2030-01-15T00:00:00%2B00:00&dueBefore=2030-02-15T00:00:00Z")))
				.containsExactly("open medium");
		}

		@Test
		void sortsByEachFieldBothWaysWithUndatedTasksLastAscending() {
			alice.createBatch("""
					{"tasks":[
					  {"title":"b","priority":"low","dueAt":"2030-03-01T00:00:00Z"},
					  {"title":"c","priority":"high"},
					  {"title":"a","priority":"medium","dueAt":"2030-01-01T00:00:00Z"}]}""");

			assertThat(titles(alice.listJson("sort=title"))).containsExactly("a", "b", "c");
			assertThat(titles(alice.listJson("sort=title,desc"))).containsExactly("c", "b", "a");
			assertThat(titles(alice.listJson("sort=priority,desc"))).containsExactly("c", "a", "b");
			assertThat(titles(alice.listJson("sort=dueAt,asc"))).containsExactly("a", "b", "c");
			assertThat(titles(alice.listJson("sort=dueAt,desc"))).containsExactly("c", "b", "a");
			assertThat(titles(alice.listJson("sort=createdAt,asc"))).containsExactly("b", "c", "a");
		}

		@Test
		void anUnknownRepeatedOrOutOfRangeParameterIs400NamingIt() {
			List<List<String>> cases = List.of(List.of("completd=true", "completd"), List.of("limit=0", "limit"),
					List.of("limit=101", "limit"), List.of("limit=ten", "limit"), List.of("offset=-1", "offset"),
					List.of("offset=10001", "offset"), List.of("sort=owner", "sort"), List.of("sort=title,up", "sort"),
					List.of("priority=urgent", "priority"), List.of("minPriority=HIGH", "minPriority"),
					List.of("completed=yes", "completed"), List.of("dueBefore=tomorrow", "dueBefore"),
					List.of("dueAfter=2030-01-01", "dueAfter"), List.of("count=some", "count"), List.of("q=", "q"),
					List.of("q=" + "x".repeat(201), "q"), List.of("limit=5&limit=6", "limit"));
			for (List<String> testCase : cases) {
				alice.list(testCase.get(0))
					.expectStatus()
					.isBadRequest()
					.expectHeader()
					.contentType(MediaType.APPLICATION_PROBLEM_JSON)
					.expectBody()
					.jsonPath("$.parameter")
					.isEqualTo(testCase.get(1))
					.jsonPath("$.detail")
					.value(detail -> assertThat((String) detail).contains(testCase.get(1)));
			}
		}

	}

	@Nested
	class Searching {

		@Test
		void findsACaseInsensitiveSubstringOfTitleOrDescription() {
			alice.createBatch("""
					{"tasks":[
					  {"title":"Call the PLUMBER"},
					  {"title":"Shopping","description":"ask the plumber about pipes"},
					  {"title":"Unrelated","description":"nothing here"}]}""");

			assertThat(titles(alice.listJson("q=plumber&sort=title"))).containsExactly("Call the PLUMBER", "Shopping");
			assertThat(titles(alice.listJson("q=PiPeS"))).containsExactly("Shopping");
			assertThat(alice.listJson("q=absent").get("total").longValue()).isZero();
		}

		@Test
		void treatsLikeWildcardsAsPlainCharacters() {
			alice.createBatch(
					"{\"tasks\":[{\"title\":\"100% done\"},{\"title\":\"1000 done\"},{\"title\":\"snake_case\"},{\"title\":\"snakeXcase\"}]}");

			assertThat(titles(alice.listJson("q=0%25"))).containsExactly("100% done");
			assertThat(titles(alice.listJson("q=e_c"))).containsExactly("snake_case");
		}

	}

	@Nested
	class Streaming {

		@Test
		void sendsEveryMatchingTaskAsOneJsonObjectPerLine() {
			alice.createBatch(batchOfTitles(30));
			alice.createTitled("misc");

			List<String> lines = streamLines(alice, "q=t&sort=title");

			assertThat(lines).hasSize(30);
			assertThat(lines.stream().map(line -> TaskClient.JSON.readTree(line).get("title").stringValue()))
				.isSortedAccordingTo(String::compareTo)
				.allMatch(title -> title.startsWith("t"));
		}

		@Test
		void refusesPagingParameters() {
			alice.http()
				.get()
				.uri(alice.listUri("limit=10"))
				.header(HttpHeaders.AUTHORIZATION, alice.user().bearer())
				.accept(MediaType.APPLICATION_NDJSON)
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.parameter")
				.isEqualTo("limit");
		}

	}

	@Nested
	class CreatingInBatches {

		@Test
		void createsUpTo1000TasksInTheOrderSent() {
			List<JsonNode> items = alice.createBatch(batchOfTitles(1000));

			assertThat(items).hasSize(1000);
			assertThat(items.stream().map(item -> item.get("title").stringValue()))
				.containsExactlyElementsOf(IntStream.range(0, 1000).mapToObj(i -> "t" + i).toList());
			assertThat(ids(TaskClient.JSON.valueToTree(items))).isSorted().doesNotHaveDuplicates();
			assertThat(taskCount(alice)).isEqualTo(1000);
		}

		@Test
		void moreThan1000Is413AndCreatesNothing() {
			alice.post("/api/v1/tasks/batch")
				.bodyValue(batchOfTitles(1001))
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat(taskCount(alice)).isZero();
		}

		@Test
		void oneInvalidTaskFailsTheWholeBatchNamingIt() {
			alice.post("/api/v1/tasks/batch")
				.bodyValue(
						"{\"tasks\":[{\"title\":\"ok\"},{\"title\":\"ok too\"},{\"title\":\"\"},{\"priority\":\"low\",\"title\":\"x\",\"dueAt\":\"soon\"}]}")
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
				.expectBody()
				.jsonPath("$.errors[0].field")
				.isEqualTo("tasks[2].title")
				.jsonPath("$.errors[1].field")
				.isEqualTo("tasks[3].dueAt");
			assertThat(taskCount(alice)).isZero();
		}

		@Test
		void anEmptyOrMisshapenBatchIs422() {
			alice.post("/api/v1/tasks/batch")
				.bodyValue("{\"tasks\":[]}")
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
			alice.post("/api/v1/tasks/batch")
				.bodyValue("{\"items\":[{\"title\":\"x\"}]}")
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
			alice.post("/api/v1/tasks/batch")
				.bodyValue("{\"tasks\":[\"x\"]}")
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
				.expectBody()
				.jsonPath("$.errors[0].field")
				.isEqualTo("tasks[0]");
		}

	}

	@Nested
	class IdempotentRetries {

		@Test
		void aRetryWithTheSameKeyAndBodyReturnsTheFirstResponseAndCreatesNothing() {
			String body = "{\"title\":\"Pay rent\",\"priority\":\"high\"}";
			var first = alice.post("/api/v1/tasks")
				.header("Idempotency-Key", "rent-2030-01")
				.bodyValue(body)
				.exchange()
				.expectStatus()
				.isCreated()
				.expectHeader()
				.doesNotExist("Idempotent-Replayed");
			JsonNode created = body(first);
			alice.patch(created.get("id").longValue())
				.bodyValue("{\"completed\":true}")
				.exchange()
				.expectStatus()
				.isOk();

			var retry = alice.post("/api/v1/tasks")
				.header("Idempotency-Key", "rent-2030-01")
				.bodyValue("{ \"priority\": \"high\", \"title\": \"Pay rent\" }")
				.exchange()
				.expectStatus()
				.isCreated()
				.expectHeader()
				.valueEquals("Idempotent-Replayed", "true")
				.expectHeader()
				.valueEquals(HttpHeaders.LOCATION, "/api/v1/tasks/" + created.get("id").longValue())
				.expectHeader()
				.valueEquals(HttpHeaders.ETAG, "\"1\"");

			assertThat(body(retry)).isEqualTo(created);
			assertThat(taskCount(alice)).isEqualTo(1);
		}

		@Test
		void theSameKeyWithAnotherBodyOrRouteIs422() {
			alice.post("/api/v1/tasks")
				.header("Idempotency-Key", "k-1")
				.bodyValue("{\"title\":\"one\"}")
				.exchange()
				.expectStatus()
				.isCreated();

			alice.post("/api/v1/tasks")
				.header("Idempotency-Key", "k-1")
				.bodyValue("{\"title\":\"two\"}")
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON);
			alice.post("/api/v1/tasks/batch")
				.header("Idempotency-Key", "k-1")
				.bodyValue("{\"tasks\":[{\"title\":\"one\"}]}")
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
			assertThat(taskCount(alice)).isEqualTo(1);
		}

		@Test
		void keysBelongToTheirUser() {
			TaskClient bob = new TaskClient(server, TestUsers.create(database));
			String body = "{\"title\":\"same\"}";

			long alices = body(alice.post("/api/v1/tasks")
				.header("Idempotency-Key", "shared-key")
				.bodyValue(body)
				.exchange()
				.expectStatus()
				.isCreated()).get("id").longValue();
			long bobs = body(bob.post("/api/v1/tasks")
				.header("Idempotency-Key", "shared-key")
				.bodyValue(body)
				.exchange()
				.expectStatus()
				.isCreated()
				.expectHeader()
				.doesNotExist("Idempotent-Replayed")).get("id").longValue();

			assertThat(bobs).isNotEqualTo(alices);
		}

		@Test
		void anExpiredKeyCreatesAgain() {
			String body = "{\"title\":\"Water plants\"}";
			long first = body(alice.post("/api/v1/tasks")
				.header("Idempotency-Key", "daily")
				.bodyValue(body)
				.exchange()
				.expectStatus()
				.isCreated()).get("id").longValue();
			database.execute("UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE user_id = "
					+ alice.user().id());

			long second = body(alice.post("/api/v1/tasks")
				.header("Idempotency-Key", "daily")
				.bodyValue(body)
				.exchange()
				.expectStatus()
				.isCreated()
				.expectHeader()
				.doesNotExist("Idempotent-Replayed")).get("id").longValue();

			assertThat(second).isNotEqualTo(first);
			assertThat(taskCount(alice)).isEqualTo(2);
		}

		@Test
		void expiredKeysArePurged() {
			alice.post("/api/v1/tasks")
				.header("Idempotency-Key", "old")
				.bodyValue("{\"title\":\"x\"}")
				.exchange()
				.expectStatus()
				.isCreated();
			alice.post("/api/v1/tasks")
				.header("Idempotency-Key", "fresh")
				.bodyValue("{\"title\":\"y\"}")
				.exchange()
				.expectStatus()
				.isCreated();
			database.execute(
					"UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE idempotency_key = 'old' AND user_id = "
							+ alice.user().id());

			server.bean(IdempotencyKeys.class).purgeExpired().block(Duration.ofSeconds(30));

			assertThat(database.count("SELECT count(*) FROM idempotency_keys WHERE user_id = ?", alice.user().id()))
				.isEqualTo(1);
		}

		@Test
		void keysAreKeptForADay() {
			alice.post("/api/v1/tasks")
				.header("Idempotency-Key", "ttl")
				.bodyValue("{\"title\":\"x\"}")
				.exchange()
				.expectStatus()
				.isCreated();

			assertThat(database
				.count("""
						SELECT count(*) FROM idempotency_keys
						WHERE user_id = ? AND expires_at BETWEEN now() + interval '23 hours 59 minutes' AND now() + interval '24 hours'""",
						alice.user().id()))
				.isEqualTo(1);
		}

		@Test
		void aBatchRetryReturnsTheFirstResponse() {
			String body = batchOfTitles(3);
			JsonNode first = body(alice.post("/api/v1/tasks/batch")
				.header("Idempotency-Key", "import-1")
				.bodyValue(body)
				.exchange()
				.expectStatus()
				.isCreated());

			JsonNode retry = body(alice.post("/api/v1/tasks/batch")
				.header("Idempotency-Key", "import-1")
				.bodyValue(body)
				.exchange()
				.expectStatus()
				.isCreated()
				.expectHeader()
				.valueEquals("Idempotent-Replayed", "true"));

			assertThat(retry).isEqualTo(first);
			assertThat(taskCount(alice)).isEqualTo(3);
		}

		@Test
		void anInvalidKeyIs400() {
			alice.post("/api/v1/tasks")
				.header("Idempotency-Key", "x".repeat(256))
				.bodyValue("{\"title\":\"x\"}")
				.exchange()
				.expectStatus()
				.isBadRequest();
			alice.post("/api/v1/tasks")
				.header("Idempotency-Key", "has space")
				.bodyValue("{\"title\":\"x\"}")
				.exchange()
				.expectStatus()
				.isBadRequest();
			assertThat(taskCount(alice)).isZero();
		}

	}

	@Nested
	class Statistics {

		@Test
		void countsTheCallersTasksByStateAndPriority() {
			alice.createBatch("""
					{"tasks":[
					  {"title":"overdue","priority":"high","dueAt":"2001-01-01T00:00:00Z"},
					  {"title":"done and past due","priority":"high","dueAt":"2001-01-01T00:00:00Z","completed":true},
					  {"title":"future","priority":"low","dueAt":"2999-01-01T00:00:00Z"},
					  {"title":"undated"}]}""");

			JsonNode stats = alice.stats();

			assertThat(stats.get("total").longValue()).isEqualTo(4);
			assertThat(stats.get("completed").longValue()).isEqualTo(1);
			assertThat(stats.get("overdue").longValue()).isEqualTo(1);
			assertThat(stats.get("byPriority").get("low").longValue()).isEqualTo(1);
			assertThat(stats.get("byPriority").get("medium").longValue()).isEqualTo(1);
			assertThat(stats.get("byPriority").get("high").longValue()).isEqualTo(2);
		}

		@Test
		void aNewUserHasZeroes() {
			assertThat(alice.stats().toString()).isEqualTo(
					"{\"total\":0,\"completed\":0,\"overdue\":0,\"byPriority\":{\"low\":0,\"medium\":0,\"high\":0}}");
		}

	}

	@Nested
	class Documentation {

		@Test
		void openApi31DescribesEveryTaskRoute() {
			JsonNode document = body(server.client().get().uri("/v3/api-docs").exchange().expectStatus().isOk());

			assertThat(document.get("openapi").stringValue()).startsWith("3.1");
			JsonNode paths = document.get("paths");
			assertThat(methods(paths, "/api/v1/tasks")).containsExactlyInAnyOrder("get", "post", "patch", "delete");
			assertThat(methods(paths, "/api/v1/tags")).containsExactly("get");
			assertThat(methods(paths, "/api/v1/tasks/batch")).containsExactly("post");
			assertThat(methods(paths, "/api/v1/tasks/stats")).containsExactly("get");
			assertThat(methods(paths, "/api/v1/tasks/{id}")).containsExactlyInAnyOrder("get", "patch", "delete");
			Set<String> listParameters = new TreeSet<>();
			paths.get("/api/v1/tasks")
				.get("get")
				.get("parameters")
				.forEach(p -> listParameters.add(p.get("name").stringValue()));
			assertThat(listParameters).containsExactlyInAnyOrder("completed", "priority", "minPriority", "dueBefore",
					"dueAfter", "q", "completedAfter", "completedBefore", "tags", "sort", "limit", "offset", "count",
					"cursor");
			Set<String> bulkParameters = new TreeSet<>();
			paths.get("/api/v1/tasks")
				.get("delete")
				.get("parameters")
				.forEach(p -> bulkParameters.add(p.get("name").stringValue()));
			assertThat(bulkParameters).containsExactlyInAnyOrder("completed", "priority", "minPriority", "dueBefore",
					"dueAfter", "q", "completedAfter", "completedBefore", "tags", "ids", "all");
			assertThat(paths.at("/~1api~1v1~1tasks/get/responses/200/headers").has("Feed-Position")).isTrue();
			assertThat(document.at("/components/securitySchemes/bearer/scheme").stringValue()).isEqualTo("bearer");
		}

		@Test
		void theUiIsServedAtDocs() {
			String location = server.client()
				.get()
				.uri("/docs")
				.exchange()
				.expectStatus()
				.is3xxRedirection()
				.returnResult(Void.class)
				.getResponseHeaders()
				.getLocation()
				.toString();

			server.client()
				.get()
				.uri(location)
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.TEXT_HTML);
		}

		private static Set<String> methods(JsonNode paths, String path) {
			assertThat(paths.has(path)).as("path %s in %s", path, paths.propertyNames()).isTrue();
			return new TreeSet<>(paths.get(path).propertyNames());
		}

	}

	static List<String> streamLines(TaskClient client, String query) {
		byte[] body = client.http()
			.get()
			.uri(client.listUri(query))
			.header(HttpHeaders.AUTHORIZATION, client.user().bearer())
			.accept(MediaType.APPLICATION_NDJSON)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_NDJSON)
			.expectBody()
			.returnResult()
			.getResponseBody();
		return body == null ? List.of() : new String(body, StandardCharsets.UTF_8).lines().toList();
	}

	static String batchOfTitles(int count) {
		return IntStream.range(0, count)
			.mapToObj(i -> "{\"title\":\"t" + i + "\"}")
			.collect(Collectors.joining(",", "{\"tasks\":[", "]}"));
	}

	private static List<String> titles(JsonNode page) {
		List<String> titles = new ArrayList<>();
		page.get("items").forEach(item -> titles.add(item.get("title").stringValue()));
		return titles;
	}

}
