package dev.taskflow.task;

import dev.taskflow.support.FeedClient;
import dev.taskflow.support.TestDatabase;
import dev.taskflow.support.TestServer;
import dev.taskflow.support.TestUsers;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.taskflow.task.TaskClient.body;
import static dev.taskflow.task.TaskClient.ids;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tags (0 to 20 per task, trimmed, lower-case, unique, sorted; filtered by
 * {@code tags=a,b}, counted by {@code GET /api/v1/tags}) and {@code completedAt} (kept by
 * the database: set when a task becomes completed, cleared when it is reopened; sortable
 * with keyset paging, filterable by window). Every test works as a fresh user.
 */
class TaskTagsAndCompletionIntegrationTest {

	private final TestServer server = TestServer.shared();

	private final TestDatabase database = TestDatabase.main();

	private final TaskClient alice = new TaskClient(server, TestUsers.create(database));

	private static List<String> tags(JsonNode task) {
		List<String> tags = new ArrayList<>();
		task.get("tags").forEach(tag -> tags.add(tag.stringValue()));
		return tags;
	}

	private static List<String> titles(JsonNode page) {
		List<String> titles = new ArrayList<>();
		page.get("items").forEach(item -> titles.add(item.get("title").stringValue()));
		return titles;
	}

	private static String twenty(String prefix, int count) {
		return IntStream.range(0, count)
			.mapToObj(i -> "\"" + prefix + i + "\"")
			.collect(Collectors.joining(",", "[", "]"));
	}

	private static Instant instant(JsonNode task, String field) {
		return task.get(field).isNull() ? null : Instant.parse(task.get(field).stringValue());
	}

	private long taskCount() {
		return database.count("SELECT count(*) FROM tasks WHERE user_id = ?", alice.user().id());
	}

	private WebTestClient.ResponseSpec tagList(TaskClient client, String query) {
		return client.http()
			.get()
			.uri(server.baseUrl() + "/api/v1/tags" + (query.isEmpty() ? "" : "?" + query))
			.header(HttpHeaders.AUTHORIZATION, client.user().bearer())
			.exchange();
	}

	private static void assertFieldErrors(WebTestClient.ResponseSpec response, String... fields) {
		response.expectStatus()
			.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors[*].field")
			.value(names -> assertThat(names).asInstanceOf(InstanceOfAssertFactories.LIST)
				.containsExactlyInAnyOrder((Object[]) fields));
	}

	@Nested
	class Tags {

		@Test
		void aNewTaskHasNoTagsUnlessGiven() {
			assertThat(tags(alice.createTitled("plain"))).isEmpty();
			assertThat(tags(alice.create("{\"title\":\"nulled\",\"tags\":null}"))).isEmpty();
		}

		@Test
		void areTrimmedLowerCasedDedupedAndSortedOnCreate() {
			JsonNode task = alice
				.create("{\"title\":\"x\",\"tags\":[\"  Work \",\"home\",\"WORK\",\"Ärger\",\"a b\",\"home\"]}");

			assertThat(tags(task)).containsExactly("a b", "home", "work", "ärger");
			assertThat(body(alice.getTask(task.get("id").longValue()))).isEqualTo(task);
		}

		@Test
		void takeUpTo40CharactersCountingCodePointsAndUpTo20Distinct() {
			String forty = "\uD83D\uDE00".repeat(40);
			JsonNode task = alice.create("{\"title\":\"x\",\"tags\":[\"" + forty + "\"]}");
			assertThat(tags(task)).containsExactly(forty);

			assertThat(tags(alice.create("{\"title\":\"full\",\"tags\":" + twenty("t", 20) + "}"))).hasSize(20);
			// Twenty-one entries that collapse to twenty tags are twenty.
			String withDuplicate = twenty("t", 20).replace("]", ",\"T0\"]");
			assertThat(tags(alice.create("{\"title\":\"dup\",\"tags\":" + withDuplicate + "}"))).hasSize(20);
		}

		@Test
		void aBadTagIs422NamingItsIndexAndCreatesNothing() {
			assertFieldErrors(
					alice.post("/api/v1/tasks")
						.bodyValue(
								"""
										{"title":"x","tags":["ok","","   ","a,b","%s",5,null,"tab\\tinside","nul\\u0000","bell\\u0007",["n"],{"o":1},"fine"]}"""
									.formatted("x".repeat(41)))
						.exchange(),
					"tags[1]", "tags[2]", "tags[3]", "tags[4]", "tags[5]", "tags[6]", "tags[7]", "tags[8]", "tags[9]",
					"tags[10]", "tags[11]");
			assertFieldErrors(alice.post("/api/v1/tasks").bodyValue("{\"title\":\"x\",\"tags\":\"work\"}").exchange(),
					"tags");
			assertFieldErrors(
					alice.post("/api/v1/tasks").bodyValue("{\"title\":\"x\",\"tags\":{\"0\":\"work\"}}").exchange(),
					"tags");
			assertThat(taskCount()).isZero();
		}

		@Test
		void moreThan20DistinctTagsIs422NamingTags() {
			assertFieldErrors(alice.post("/api/v1/tasks")
				.bodyValue("{\"title\":\"x\",\"tags\":" + twenty("t", 21) + "}")
				.exchange(), "tags");
			long id = alice.create("{\"title\":\"y\",\"tags\":[\"keep\"]}").get("id").longValue();
			assertFieldErrors(alice.patch(id).bodyValue("{\"tags\":" + twenty("t", 21) + "}").exchange(), "tags");

			JsonNode task = body(alice.getTask(id));
			assertThat(tags(task)).containsExactly("keep");
			assertThat(task.get("version").intValue()).isEqualTo(1);
			assertThat(taskCount()).isEqualTo(1);
		}

		@Test
		void aPatchReplacesTheTagsAndNullOrAnEmptyArrayClearsThemAndAbsenceKeepsThem() {
			long id = alice.create("{\"title\":\"x\",\"tags\":[\"one\",\"two\"]}").get("id").longValue();

			assertThat(tags(
					body(alice.patch(id).bodyValue("{\"tags\":[\"Three\",\"one\"]}").exchange().expectStatus().isOk())))
				.containsExactly("one", "three");
			assertThat(
					tags(body(alice.patch(id).bodyValue("{\"title\":\"renamed\"}").exchange().expectStatus().isOk())))
				.containsExactly("one", "three");
			assertThat(tags(body(alice.patch(id).bodyValue("{\"tags\":null}").exchange().expectStatus().isOk())))
				.isEmpty();
			alice.patch(id).bodyValue("{\"tags\":[\"back\"]}").exchange().expectStatus().isOk();
			assertThat(tags(body(alice.patch(id).bodyValue("{\"tags\":[]}").exchange().expectStatus().isOk())))
				.isEmpty();
			assertFieldErrors(alice.patch(id).bodyValue("{\"tags\":[\"ok\",\" \"]}").exchange(), "tags[1]");
			assertThat(body(alice.getTask(id)).get("version").intValue()).isEqualTo(6);
		}

		@Test
		void aBatchTakesTagsPerTaskAndNamesABadOneByTaskAndIndex() {
			List<JsonNode> created = alice.createBatch(
					"""
							{"tasks":[{"title":"a","tags":["B","a"]},{"title":"b"},{"title":"c","tags":[]},{"title":"d","tags":["x y","X Y"]}]}""");

			assertThat(created).extracting(task -> tags(task))
				.containsExactly(List.of("a", "b"), List.of(), List.of(), List.of("x y"));
			for (JsonNode task : created) {
				assertThat(body(alice.getTask(task.get("id").longValue()))).isEqualTo(task);
			}
			assertFieldErrors(alice.post("/api/v1/tasks/batch")
				.bodyValue(
						"{\"tasks\":[{\"title\":\"ok\",\"tags\":[\"fine\"]},{\"title\":\"bad\",\"tags\":[\"fine\",\"a,b\"]},"
								+ "{\"title\":\"many\",\"tags\":" + twenty("t", 21) + "}]}")
				.exchange(), "tasks[1].tags[1]", "tasks[2].tags");
			assertThat(taskCount()).isEqualTo(4);
		}

		@Test
		void theTagsFilterFindsTasksCarryingEveryTagNamed() {
			alice.createBatch("""
					{"tasks":[
					  {"title":"work and home","tags":["work","home"]},
					  {"title":"work","tags":["work"]},
					  {"title":"home and garden","tags":["home","garden"]},
					  {"title":"all three","tags":["work","home","garden"]},
					  {"title":"untagged"}]}""");

			assertThat(titles(alice.listJson("tags=work&sort=title"))).containsExactly("all three", "work",
					"work and home");
			assertThat(titles(alice.listJson("tags=work,home&sort=title"))).containsExactly("all three",
					"work and home");
			assertThat(titles(alice
				.listJson("tags=" + URLEncoder.encode(" HOME , Work,work", StandardCharsets.UTF_8).replace("+", "%20")
						+ "&sort=title")))
				.containsExactly("all three", "work and home");
			assertThat(titles(alice.listJson("tags=garden,work,home"))).containsExactly("all three");
			assertThat(alice.listJson("tags=absent").get("total").longValue()).isZero();
			assertThat(alice.listJson("tags=work,home").get("total").longValue()).isEqualTo(2);
			assertThat(TaskApiIntegrationTest.streamLines(alice, "tags=home,garden")).hasSize(2);
		}

		@Test
		void aBadTagsFilterIs400NamingIt() {
			for (String value : List.of("", "a,,b", ",", "a,", "x".repeat(41), "a%07b",
					String.join(",", twentyOne()))) {
				alice.list("tags=" + value)
					.expectStatus()
					.isBadRequest()
					.expectHeader()
					.contentType(MediaType.APPLICATION_PROBLEM_JSON)
					.expectBody()
					.jsonPath("$.parameter")
					.isEqualTo("tags");
			}
		}

		private static List<String> twentyOne() {
			return IntStream.range(0, 21).mapToObj(i -> "t" + i).toList();
		}

		@Test
		void anotherUsersTaggedTasksAreNeverFoundOrCounted() {
			TaskClient bob = new TaskClient(server, TestUsers.create(database));
			bob.create("{\"title\":\"bob's\",\"tags\":[\"shared\"]}");
			alice.create("{\"title\":\"alice's\",\"tags\":[\"shared\"]}");

			assertThat(titles(alice.listJson("tags=shared"))).containsExactly("alice's");
			tagList(alice, "").expectStatus()
				.isOk()
				.expectBody()
				.json("{\"tags\":[{\"name\":\"shared\",\"count\":1}]}", true);
		}

	}

	@Nested
	class TagCounts {

		@Test
		void listsTheCallersTagsMostUsedFirstThenByName() {
			alice.createBatch("""
					{"tasks":[
					  {"title":"1","tags":["work","home","b"]},
					  {"title":"2","tags":["work","a"]},
					  {"title":"3","tags":["work","home"]},
					  {"title":"4","tags":["c","a"]},
					  {"title":"5"}]}""");

			tagList(alice, "").expectStatus()
				.isOk()
				.expectHeader()
				.contentType(MediaType.APPLICATION_JSON)
				.expectBody()
				.json("""
						{"tags":[{"name":"work","count":3},{"name":"a","count":2},{"name":"home","count":2},
						         {"name":"b","count":1},{"name":"c","count":1}]}""", true);
			tagList(alice, "limit=2").expectStatus()
				.isOk()
				.expectBody()
				.json("{\"tags\":[{\"name\":\"work\",\"count\":3},{\"name\":\"a\",\"count\":2}]}", true);
		}

		@Test
		void followChangesAndDeletions() {
			long id = alice.create("{\"title\":\"x\",\"tags\":[\"gone\",\"kept\"]}").get("id").longValue();
			alice.create("{\"title\":\"y\",\"tags\":[\"kept\"]}");

			alice.patch(id).bodyValue("{\"tags\":[\"kept\",\"new\"]}").exchange().expectStatus().isOk();
			tagList(alice, "").expectBody()
				.json("{\"tags\":[{\"name\":\"kept\",\"count\":2},{\"name\":\"new\",\"count\":1}]}", true);
			alice.delete(id).exchange().expectStatus().isNoContent();
			tagList(alice, "").expectBody().json("{\"tags\":[{\"name\":\"kept\",\"count\":1}]}", true);
		}

		@Test
		void aUserWithoutTagsHasAnEmptyList() {
			alice.createTitled("untagged");

			tagList(alice, "").expectStatus().isOk().expectBody().json("{\"tags\":[]}", true);
		}

		@Test
		void returnsAtMost100ByDefaultAndUpTo1000WithLimit() {
			// 6 tasks of 20 distinct tags each: 120 tags, each used once, so the order is
			// by name.
			String batch = IntStream.range(0, 6)
				.mapToObj(task -> "{\"title\":\"" + task + "\",\"tags\":"
						+ IntStream.range(0, 20)
							.mapToObj(i -> String.format("\"tag%03d\"", task * 20 + i))
							.collect(Collectors.joining(",", "[", "]"))
						+ "}")
				.collect(Collectors.joining(",", "{\"tasks\":[", "]}"));
			alice.createBatch(batch);

			JsonNode defaults = body(tagList(alice, "").expectStatus().isOk());
			JsonNode all = body(tagList(alice, "limit=1000").expectStatus().isOk());

			assertThat(defaults.get("tags")).hasSize(100);
			assertThat(defaults.get("tags").get(0).get("name").stringValue()).isEqualTo("tag000");
			assertThat(defaults.get("tags").get(99).get("name").stringValue()).isEqualTo("tag099");
			assertThat(all.get("tags")).hasSize(120);
			assertThat(all.get("tags").get(119).get("name").stringValue()).isEqualTo("tag119");
		}

		@Test
		void aBadLimitOrAnUnknownParameterIs400NamingIt() {
			for (String query : List.of("limit=0", "limit=1001", "limit=-1", "limit=abc", "limit=",
					"limit=1&limit=2")) {
				tagList(alice, query).expectStatus()
					.isBadRequest()
					.expectHeader()
					.contentType(MediaType.APPLICATION_PROBLEM_JSON)
					.expectBody()
					.jsonPath("$.parameter")
					.isEqualTo("limit");
			}
			tagList(alice, "sort=name").expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.parameter")
				.isEqualTo("sort");
		}

		@Test
		void withoutATokenIs401() {
			server.client()
				.get()
				.uri("/api/v1/tags")
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		}

	}

	@Nested
	class CompletedAt {

		@Test
		void isSetWhenATaskIsCreatedCompletedAndNullOtherwise() {
			Instant before = Instant.now().minusSeconds(5);
			JsonNode done = alice.create("{\"title\":\"done\",\"completed\":true}");
			JsonNode open = alice.create("{\"title\":\"open\",\"completed\":false}");

			assertThat(instant(done, "completedAt")).isBetween(before, Instant.now().plusSeconds(5))
				.isEqualTo(instant(done, "createdAt"));
			assertThat(open.get("completedAt").isNull()).isTrue();
			List<JsonNode> batch = alice
				.createBatch("{\"tasks\":[{\"title\":\"a\",\"completed\":true},{\"title\":\"b\"}]}");
			assertThat(batch.get(0).get("completedAt").isNull()).isFalse();
			assertThat(batch.get(1).get("completedAt").isNull()).isTrue();
		}

		@Test
		void isSetOnCompletionKeptByUnrelatedChangesAndClearedOnReopening() {
			JsonNode created = alice.createTitled("lifecycle");
			long id = created.get("id").longValue();

			JsonNode completed = body(
					alice.patch(id).bodyValue("{\"completed\":true}").exchange().expectStatus().isOk());
			Instant at = instant(completed, "completedAt");
			assertThat(at).isEqualTo(instant(completed, "updatedAt")).isAfter(instant(created, "createdAt"));

			JsonNode renamed = body(alice.patch(id)
				.bodyValue("{\"title\":\"renamed\",\"tags\":[\"x\"]}")
				.exchange()
				.expectStatus()
				.isOk());
			JsonNode again = body(alice.patch(id).bodyValue("{\"completed\":true}").exchange().expectStatus().isOk());
			assertThat(instant(renamed, "completedAt")).isEqualTo(at);
			assertThat(instant(again, "completedAt")).as("completing a completed task keeps the time").isEqualTo(at);
			assertThat(instant(again, "updatedAt")).isAfter(at);

			JsonNode reopened = body(
					alice.patch(id).bodyValue("{\"completed\":false}").exchange().expectStatus().isOk());
			assertThat(reopened.get("completedAt").isNull()).isTrue();
			JsonNode recompleted = body(
					alice.patch(id).bodyValue("{\"completed\":true}").exchange().expectStatus().isOk());
			assertThat(instant(recompleted, "completedAt")).isAfter(at);
			assertThat(body(alice.getTask(id))).isEqualTo(recompleted);
		}

		@Test
		void followsBulkChangesToo() {
			List<Long> ids = ids(TaskClient.JSON.valueToTree(
					alice.createBatch("{\"tasks\":[{\"title\":\"a\"},{\"title\":\"b\",\"completed\":true}]}")));
			Instant bAt = instant(body(alice.getTask(ids.get(1))), "completedAt");

			TaskBulkIntegrationTest.patched(alice, "all=true", "{\"completed\":true}");
			JsonNode a = body(alice.getTask(ids.get(0)));
			JsonNode b = body(alice.getTask(ids.get(1)));
			assertThat(instant(a, "completedAt")).isEqualTo(instant(a, "updatedAt"));
			assertThat(instant(b, "completedAt")).as("already completed: kept").isEqualTo(bAt);

			TaskBulkIntegrationTest.patched(alice, "all=true", "{\"completed\":false}");
			assertThat(TaskApiIntegrationTest.streamLines(alice, ""))
				.allSatisfy(line -> assertThat(TaskClient.JSON.readTree(line).get("completedAt").isNull()).isTrue());
		}

		@Test
		void theDatabaseHoldsCompletionAndItsTimeTogether() {
			long id = alice.createTitled("direct").get("id").longValue();
			// Whatever writes the row, the trigger keeps completed_at, and the constraint
			// refuses a contradiction.
			database.execute("UPDATE tasks SET completed = true WHERE id = " + id);
			assertThat(database.count("SELECT count(*) FROM tasks WHERE id = ? AND completed_at IS NOT NULL", id))
				.isEqualTo(1);
			database.execute("UPDATE tasks SET completed = false WHERE id = " + id);
			assertThat(database.count("SELECT count(*) FROM tasks WHERE id = ? AND completed_at IS NULL", id))
				.isEqualTo(1);
			org.assertj.core.api.Assertions
				.assertThatThrownBy(() -> database.execute("UPDATE tasks SET completed_at = now() WHERE id = " + id))
				.hasMessageContaining("tasks_completed_at_check");
		}

		/**
		 * Three tasks completed together (one batch, one completion time), three
		 * completed one by one, three open: {@code sort=completedAt,desc} pages through
		 * them newest completion first, ties by id, open ones last, with no task lost or
		 * repeated across pages; ascending is the exact reverse.
		 */
		@Test
		void sortsByCompletionWithKeysetPagingAcrossPages() {
			List<JsonNode> together = alice.createBatch(
					"{\"tasks\":[{\"title\":\"b1\",\"completed\":true},{\"title\":\"b2\",\"completed\":true},{\"title\":\"b3\",\"completed\":true}]}");
			List<Long> all = new ArrayList<>(ids(TaskClient.JSON.valueToTree(together)));
			for (int i = 0; i < 3; i++) {
				long id = alice.createTitled("one by one " + i).get("id").longValue();
				alice.patch(id).bodyValue("{\"completed\":true}").exchange().expectStatus().isOk();
				all.add(id);
			}
			all.addAll(ids(TaskClient.JSON.valueToTree(
					alice.createBatch("{\"tasks\":[{\"title\":\"o1\"},{\"title\":\"o2\"},{\"title\":\"o3\"}]}"))));
			// An open task completed and reopened is open again.
			alice.patch(all.getLast()).bodyValue("{\"completed\":true}").exchange().expectStatus().isOk();
			alice.patch(all.getLast()).bodyValue("{\"completed\":false}").exchange().expectStatus().isOk();

			List<JsonNode> tasks = all.stream().map(id -> body(alice.getTask(id))).toList();
			Comparator<JsonNode> byCompletion = Comparator
				.comparing((JsonNode task) -> instant(task, "completedAt"),
						Comparator.nullsFirst(Comparator.naturalOrder()))
				.thenComparing(task -> task.get("id").longValue());
			List<Long> ascending = tasks.stream().sorted(byCompletion).map(task -> task.get("id").longValue()).toList();
			List<Long> descending = new ArrayList<>(ascending);
			java.util.Collections.reverse(descending);
			assertThat(instant(tasks.get(0), "completedAt")).isEqualTo(instant(tasks.get(2), "completedAt"));

			assertThat(pageThrough("sort=completedAt,desc", 2)).containsExactlyElementsOf(descending);
			assertThat(pageThrough("sort=completedAt", 2)).containsExactlyElementsOf(ascending);
			assertThat(pageThrough("sort=completedAt,asc", 4)).containsExactlyElementsOf(ascending);
			assertThat(pageThrough("sort=completedAt,desc&completed=true", 4))
				.containsExactlyElementsOf(descending.subList(0, 6));
			assertThat(ids(alice.listJson("sort=completedAt,desc&limit=3&offset=3").get("items")))
				.containsExactlyElementsOf(descending.subList(3, 6));
			List<Long> streamed = TaskApiIntegrationTest.streamLines(alice, "sort=completedAt,desc")
				.stream()
				.map(line -> TaskClient.JSON.readTree(line).get("id").longValue())
				.toList();
			assertThat(streamed).containsExactlyElementsOf(descending);
		}

		@Test
		void aCursorMadeForAnotherSortIs400() {
			alice.createBatch("{\"tasks\":[{\"title\":\"a\"},{\"title\":\"b\"}]}");
			String cursor = alice.listJson("sort=completedAt,desc&limit=1").get("nextCursor").stringValue();

			alice.list("sort=completedAt,asc&cursor=" + cursor)
				.expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.parameter")
				.isEqualTo("cursor");
			alice.list("sort=completedAt,desc&cursor=" + cursor).expectStatus().isOk();
		}

		private List<Long> pageThrough(String query, int limit) {
			List<Long> seen = new ArrayList<>();
			String cursor = null;
			for (int pages = 0; pages < 20; pages++) {
				JsonNode page = alice.listJson(query + "&limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor));
				assertThat(page.get("items").size()).isLessThanOrEqualTo(limit);
				seen.addAll(ids(page.get("items")));
				if (page.get("nextCursor").isNull()) {
					return seen;
				}
				cursor = page.get("nextCursor").stringValue();
			}
			throw new AssertionError("no last page after 20 pages: " + seen);
		}

		/**
		 * completedAfter is inclusive, completedBefore exclusive, so windows tile; open
		 * tasks match neither.
		 */
		@Test
		void filtersByCompletionWindows() {
			List<Long> ids = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				long id = alice.createTitled("done " + i).get("id").longValue();
				alice.patch(id).bodyValue("{\"completed\":true}").exchange().expectStatus().isOk();
				ids.add(id);
			}
			alice.createTitled("open");
			List<Instant> at = ids.stream().map(id -> instant(body(alice.getTask(id)), "completedAt")).toList();
			assertThat(at).isSorted().doesNotHaveDuplicates();

			assertThat(titles(alice.listJson("sort=title&completedAfter=" + at.get(1)))).containsExactly("done 1",
					"done 2");
			assertThat(titles(alice.listJson("sort=title&completedBefore=" + at.get(1)))).containsExactly("done 0");
			assertThat(
					titles(alice.listJson("sort=title&completedAfter=" + at.get(0) + "&completedBefore=" + at.get(2))))
				.containsExactly("done 0", "done 1");
			assertThat(
					titles(alice.listJson("sort=title&completedAfter=" + at.get(1) + "&completedBefore=" + at.get(1))))
				.isEmpty();
			assertThat(titles(alice.listJson("sort=title&completedBefore=" + Instant.now().plusSeconds(3600))))
				.containsExactly("done 0", "done 1", "done 2");
			assertThat(titles(alice.listJson("sort=title&completedAfter=2000-01-01T00:00:00Z")))
				.containsExactly("done 0", "done 1", "done 2");
			assertThat(alice.listJson("completedAfter=" + Instant.now().plusSeconds(3600)).get("total").longValue())
				.isZero();
			String offset = URLEncoder.encode(at.get(1).atOffset(java.time.ZoneOffset.ofHours(2)).toString(),
					StandardCharsets.UTF_8);
			assertThat(titles(alice.listJson("sort=title&completedAfter=" + offset))).containsExactly("done 1",
					"done 2");
		}

		@Test
		void aBadCompletionBoundIs400NamingIt() {
			for (String name : List.of("completedAfter", "completedBefore")) {
				for (String value : List.of("yesterday", "2030-01-01", "2030-01-01T00:00:00", "", "1700000000")) {
					alice.list(name + "=" + value)
						.expectStatus()
						.isBadRequest()
						.expectHeader()
						.contentType(MediaType.APPLICATION_PROBLEM_JSON)
						.expectBody()
						.jsonPath("$.parameter")
						.isEqualTo(name);
				}
			}
		}

	}

	@Nested
	class FeedEvents {

		@Test
		void carryCompletedAtAndTagsAsTheApiShowsThem() {
			try (FeedClient feed = FeedClient.connect(server, alice.user().token())) {
				JsonNode created = alice.create("{\"title\":\"watched\",\"tags\":[\"Home\",\"work\"]}");
				long id = created.get("id").longValue();
				JsonNode completed = body(
						alice.patch(id).bodyValue("{\"completed\":true}").exchange().expectStatus().isOk());
				TaskBulkIntegrationTest.patched(alice, "ids=" + id,
						"{\"addTags\":[\"bulk\"],\"removeTags\":[\"work\"]}");
				JsonNode merged = body(alice.getTask(id));
				JsonNode reopened = body(
						alice.patch(id).bodyValue("{\"completed\":false}").exchange().expectStatus().isOk());

				List<ServerSentEvent<String>> events = feed.awaitEvents(4);

				assertThat(events).extracting(event -> TaskClient.JSON.readTree(event.data()))
					.containsExactly(created, completed, merged, reopened);
				JsonNode completedEvent = TaskClient.JSON.readTree(events.get(1).data());
				assertThat(completedEvent.get("completedAt").stringValue())
					.isEqualTo(completed.get("completedAt").stringValue());
				assertThat(tags(completedEvent)).containsExactly("home", "work");
				assertThat(tags(TaskClient.JSON.readTree(events.get(2).data()))).containsExactly("bulk", "home");
				assertThat(TaskClient.JSON.readTree(events.get(3).data()).get("completedAt").isNull()).isTrue();
			}
		}

		@Test
		void aBatchCreatedCompletedCarriesItsCompletionTime() {
			try (FeedClient feed = FeedClient.connect(server, alice.user().token())) {
				List<JsonNode> created = alice
					.createBatch("{\"tasks\":[{\"title\":\"a\",\"completed\":true,\"tags\":[\"z\",\"y\"]}]}");

				JsonNode event = TaskClient.JSON.readTree(feed.awaitEvents(1).getFirst().data());

				assertThat(event).isEqualTo(created.getFirst());
				assertThat(event.get("completedAt").isNull()).isFalse();
				assertThat(tags(event)).containsExactly("y", "z");
			}
		}

		@Test
		void aResumedFeedReplaysThemFromTheTable() {
			JsonNode created = alice.create("{\"title\":\"replayed\",\"tags\":[\"r\"],\"completed\":true}");

			try (FeedClient feed = FeedClient.connect(server, alice.user().token(), 0L)) {
				JsonNode event = TaskClient.JSON.readTree(feed.awaitEvents(1).getFirst().data());

				assertThat(event).isEqualTo(created);
			}
		}

	}

	@Test
	void theTaskJsonHasCompletedAtAndTags() {
		JsonNode task = alice.createTitled("shape");

		assertThat(task.propertyNames()).containsExactlyInAnyOrder("id", "title", "description", "completed",
				"completedAt", "priority", "dueAt", "tags", "createdAt", "updatedAt", "version");
		assertThat(task.get("tags").isArray()).isTrue();
		assertThat(Duration.between(instant(task, "createdAt"), Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));
	}

}
