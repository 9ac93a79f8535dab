package dev.taskflow.task;

import dev.taskflow.support.FeedClient;
import dev.taskflow.support.TestDatabase;
import dev.taskflow.support.TestServer;
import dev.taskflow.support.TestUsers;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.taskflow.task.TaskClient.body;
import static dev.taskflow.task.TaskClient.ids;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bulk changes: {@code PATCH /api/v1/tasks?<filters>} applies one merge patch to every
 * matching task of the caller, {@code DELETE /api/v1/tasks?<filters>} deletes them; at
 * most 1,000 per request, in the list's default order, in one statement (all or nothing),
 * each changed task with its own feed event. Every test works as a fresh user.
 */
class TaskBulkIntegrationTest {

	static final MediaType MERGE_PATCH = MediaType.parseMediaType("application/merge-patch+json");

	private final TestServer server = TestServer.shared();

	private final TestDatabase database = TestDatabase.main();

	private final TaskClient alice = new TaskClient(server, TestUsers.create(database));

	/**
	 * A bulk answer: {@code {"count": n, "ids": [...], "more": bool}}, checked for its
	 * own consistency.
	 */
	record Bulk(int count, List<Long> ids, boolean more) {

		static Bulk of(JsonNode json) {
			assertThat(json.propertyNames()).containsExactlyInAnyOrder("count", "ids", "more");
			List<Long> ids = new ArrayList<>();
			json.get("ids").forEach(id -> ids.add(id.longValue()));
			Bulk bulk = new Bulk(json.get("count").intValue(), ids, json.get("more").booleanValue());
			assertThat(bulk.ids()).hasSize(bulk.count()).doesNotHaveDuplicates().hasSizeLessThanOrEqualTo(1000);
			return bulk;
		}
	}

	static WebTestClient.ResponseSpec patchAll(TaskClient client, String query, String body) {
		return client.http()
			.patch()
			.uri(client.listUri(query))
			.header(HttpHeaders.AUTHORIZATION, client.user().bearer())
			.contentType(MERGE_PATCH)
			.bodyValue(body)
			.exchange();
	}

	static WebTestClient.ResponseSpec deleteAll(TaskClient client, String query) {
		return client.http()
			.delete()
			.uri(client.listUri(query))
			.header(HttpHeaders.AUTHORIZATION, client.user().bearer())
			.exchange();
	}

	static Bulk patched(TaskClient client, String query, String body) {
		return Bulk.of(body(patchAll(client, query, body).expectStatus()
			.isOk()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)));
	}

	static Bulk deleted(TaskClient client, String query) {
		return Bulk.of(body(
				deleteAll(client, query).expectStatus().isOk().expectHeader().contentType(MediaType.APPLICATION_JSON)));
	}

	private static String idsParameter(List<Long> ids) {
		return "ids=" + ids.stream().map(String::valueOf).collect(Collectors.joining(","));
	}

	private List<Long> create(int count, String fields) {
		List<Long> created = new ArrayList<>();
		for (int from = 0; from < count; from += 1000) {
			String batch = IntStream.range(from, Math.min(count, from + 1000))
				.mapToObj(i -> "{\"title\":\"t" + i + "\"" + (fields.isEmpty() ? "" : "," + fields) + "}")
				.collect(Collectors.joining(",", "{\"tasks\":[", "]}"));
			alice.createBatch(batch).forEach(task -> created.add(task.get("id").longValue()));
		}
		return created;
	}

	private long taskCount() {
		return database.count("SELECT count(*) FROM tasks WHERE user_id = ?", alice.user().id());
	}

	private long eventCount(String type) {
		return database.count("SELECT count(*) FROM task_events WHERE user_id = ? AND type = ?", alice.user().id(),
				type);
	}

	/** The caller's tasks as the API shows them, by id. */
	private Map<Long, JsonNode> tasksById(TaskClient client) {
		Map<Long, JsonNode> tasks = new HashMap<>();
		for (String line : TaskApiIntegrationTest.streamLines(client, "")) {
			JsonNode task = TaskClient.JSON.readTree(line);
			tasks.put(task.get("id").longValue(), task);
		}
		return tasks;
	}

	private static List<Long> descending(List<Long> ids) {
		List<Long> sorted = new ArrayList<>(ids);
		sorted.sort(Comparator.reverseOrder());
		return sorted;
	}

	@Nested
	class ChoosingTheTasks {

		@Test
		void byIdsChangesExactlyThoseTasksAndAnswersTheirIdsNewestFirst() {
			List<Long> created = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				created.add(alice.createTitled("task " + i).get("id").longValue());
			}
			List<Long> chosen = List.of(created.get(0), created.get(2), created.get(4));

			Bulk result = patched(alice, idsParameter(chosen), "{\"priority\":\"high\"}");

			assertThat(result.count()).isEqualTo(3);
			assertThat(result.ids()).containsExactly(created.get(4), created.get(2), created.get(0));
			assertThat(result.more()).isFalse();
			Map<Long, JsonNode> tasks = tasksById(alice);
			for (long id : created) {
				assertThat(tasks.get(id).get("priority").stringValue())
					.isEqualTo(chosen.contains(id) ? "high" : "medium");
				assertThat(tasks.get(id).get("version").intValue()).isEqualTo(chosen.contains(id) ? 2 : 1);
			}
		}

		@Test
		void byIdsDeletesExactlyThoseTasks() {
			List<Long> created = create(4, "");

			Bulk result = deleted(alice, idsParameter(List.of(created.get(1), created.get(3))));

			assertThat(result.ids()).containsExactly(created.get(3), created.get(1));
			assertThat(result.more()).isFalse();
			assertThat(tasksById(alice).keySet()).containsExactlyInAnyOrder(created.get(0), created.get(2));
		}

		@Test
		void idsThatAreNotTheCallersOrDoNotExistAreSkippedAndOthersTasksAreNeverTouched() {
			TaskClient bob = new TaskClient(server, TestUsers.create(database));
			long bobs = bob.createTitled("Bob's").get("id").longValue();
			long alices = alice.createTitled("Alice's").get("id").longValue();

			Bulk patch = patched(alice, "ids=" + bobs + "," + alices + ",999999999999", "{\"title\":\"taken\"}");
			Bulk delete = deleted(alice, "ids=" + bobs);

			assertThat(patch.ids()).containsExactly(alices);
			assertThat(delete.count()).isZero();
			assertThat(delete.ids()).isEmpty();
			bob.getTask(bobs)
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.title")
				.isEqualTo("Bob's")
				.jsonPath("$.version")
				.isEqualTo(1);
		}

		@Test
		void byTheListsFiltersTogether() {
			alice.createBatch("""
					{"tasks":[
					  {"title":"report high open","priority":"high"},
					  {"title":"report high done","priority":"high","completed":true},
					  {"title":"report low open","priority":"low"},
					  {"title":"chore high open","priority":"high","dueAt":"2030-01-01T00:00:00Z"},
					  {"title":"report medium open due","priority":"medium","dueAt":"2030-06-01T00:00:00Z"}]}""");

			Bulk result = patched(alice, "q=report&completed=false&minPriority=medium", "{\"description\":\"chosen\"}");

			assertThat(titlesOf(result)).containsExactlyInAnyOrder("report high open", "report medium open due");
			assertThat(titlesOf(
					patched(alice, "priority=high&dueBefore=2031-01-01T00:00:00Z&dueAfter=2029-01-01T00:00:00Z",
							"{\"description\":\"due\"}")))
				.containsExactly("chore high open");
			assertThat(titlesOf(deleted(alice, "completed=true"))).containsExactly("report high done");
			assertThat(taskCount()).isEqualTo(4);
		}

		@Test
		void byTagsAndByCompletionTime() {
			alice.createBatch("""
					{"tasks":[
					  {"title":"both","tags":["work","home"]},
					  {"title":"work only","tags":["work"]},
					  {"title":"none"}]}""");
			Instant before = Instant.now().minusSeconds(60);

			assertThat(titlesOf(patched(alice, "tags=home,work", "{\"completed\":true}"))).containsExactly("both");
			assertThat(titlesOf(patched(alice, "completedAfter=" + before, "{\"priority\":\"low\"}")))
				.containsExactly("both");
			assertThat(titlesOf(deleted(alice, "completedBefore=" + Instant.now().plusSeconds(60))))
				.containsExactly("both");
			assertThat(titlesOf(deleted(alice, "tags=WORK"))).containsExactly("work only");
			assertThat(tasksById(alice).values()).extracting(task -> task.get("title").stringValue())
				.containsExactly("none");
		}

		@Test
		void aBareDeleteIs400AndDeletesNothing() {
			create(3, "");

			deleteAll(alice, "").expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.parameter")
				.isEqualTo("all");
			deleteAll(alice, "all=false").expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.parameter")
				.isEqualTo("all");
			patchAll(alice, "", "{\"completed\":true}").expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.parameter")
				.isEqualTo("all");

			assertThat(taskCount()).isEqualTo(3);
			assertThat(tasksById(alice).values()).allMatch(task -> task.get("version").intValue() == 1);
			assertThat(eventCount("task.deleted") + eventCount("task.updated")).isZero();
		}

		@Test
		void allTrueTakesEveryTaskOfTheCallerOnly() {
			TaskClient bob = new TaskClient(server, TestUsers.create(database));
			long bobs = bob.createTitled("Bob keeps this").get("id").longValue();
			List<Long> created = create(3, "");

			assertThat(patched(alice, "all=true", "{\"completed\":true}").ids())
				.containsExactlyElementsOf(descending(created));
			assertThat(deleted(alice, "all=true").ids()).containsExactlyElementsOf(descending(created));

			assertThat(taskCount()).isZero();
			bob.getTask(bobs).expectStatus().isOk().expectBody().jsonPath("$.completed").isEqualTo(false);
		}

		@Test
		void allTrueWithAFilterIsTheFilter() {
			alice.createBatch("{\"tasks\":[{\"title\":\"open\"},{\"title\":\"done\",\"completed\":true}]}");

			assertThat(titlesOf(deleted(alice, "all=true&completed=true"))).containsExactly("done");
			assertThat(taskCount()).isEqualTo(1);
		}

		@Test
		void anUnknownRepeatedOrInvalidQueryParameterIs400NamingIt() {
			create(2, "");
			Map<String, String> refused = new LinkedHashMap<>();
			refused.put("all=true&sort=title", "sort");
			refused.put("all=true&limit=5", "limit");
			refused.put("all=true&offset=1", "offset");
			refused.put("all=true&cursor=x", "cursor");
			refused.put("all=true&count=none", "count");
			refused.put("ids=1&ids=2", "ids");
			refused.put("all=true&all=true", "all");
			refused.put("all=yes", "all");
			refused.put("all", "all");
			refused.put("ids=1,,2", "ids");
			refused.put("ids=-1", "ids");
			refused.put("ids=a", "ids");
			refused.put("ids=", "ids");
			refused.put("ids=1234567890123456789", "ids");
			refused.put("tags=a,,b", "tags");
			refused.put("tags=" + "x".repeat(41), "tags");
			refused.put("completedAfter=yesterday", "completedAfter");
			refused.put("completedBefore=2030-01-01", "completedBefore");
			refused.put("completed=maybe", "completed");
			refused.put("priority=urgent", "priority");

			refused.forEach((query, parameter) -> {
				deleteAll(alice, query).expectStatus()
					.isBadRequest()
					.expectHeader()
					.contentType(MediaType.APPLICATION_PROBLEM_JSON)
					.expectBody()
					.jsonPath("$.parameter")
					.isEqualTo(parameter);
				patchAll(alice, query, "{\"completed\":true}").expectStatus()
					.isBadRequest()
					.expectBody()
					.jsonPath("$.parameter")
					.isEqualTo(parameter);
			});
			assertThat(taskCount()).isEqualTo(2);
			assertThat(eventCount("task.updated") + eventCount("task.deleted")).isZero();
		}

		@Test
		void upTo1000IdsAreTakenAndMoreIs400() {
			List<Long> thousand = LongRange.of(1, 1000);
			List<Long> tooMany = LongRange.of(1, 1001);

			assertThat(deleted(alice, idsParameter(thousand)).count()).isZero();
			deleteAll(alice, idsParameter(tooMany)).expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.parameter")
				.isEqualTo("ids");
		}

		private List<String> titlesOf(Bulk result) {
			Map<Long, JsonNode> tasks = tasksById(alice);
			List<String> titles = new ArrayList<>();
			for (long id : result.ids()) {
				titles.add(tasks.containsKey(id) ? tasks.get(id).get("title").stringValue() : deletedTitle(id));
			}
			return titles;
		}

		/**
		 * A deleted task's title, from its creation event (the feed keeps the row as
		 * written).
		 */
		private String deletedTitle(long id) {
			return database
				.string("SELECT task->>'title' FROM task_events WHERE type = 'task.created' AND task_id = " + id);
		}

	}

	private static final class LongRange {

		static List<Long> of(long from, long to) {
			List<Long> values = new ArrayList<>();
			for (long i = from; i <= to; i++) {
				values.add(i);
			}
			return values;
		}

	}

	@Nested
	class TheLimit {

		/**
		 * 1,200 tasks: the first request takes the newest 1,000 and says more are left,
		 * the second finishes.
		 */
		@Test
		void onePatchTakesAtMost1000InTheListsOrderAndASecondFinishesTheJob() {
			List<Long> created = create(1200, "");
			List<Long> newestFirst = descending(created);

			Bulk first = patched(alice, "completed=false", "{\"completed\":true}");
			Bulk second = patched(alice, "completed=false", "{\"completed\":true}");
			Bulk third = patched(alice, "completed=false", "{\"completed\":true}");

			assertThat(first.count()).isEqualTo(1000);
			assertThat(first.ids()).containsExactlyElementsOf(newestFirst.subList(0, 1000));
			assertThat(first.more()).isTrue();
			assertThat(second.ids()).containsExactlyElementsOf(newestFirst.subList(1000, 1200));
			assertThat(second.more()).isFalse();
			assertThat(third).isEqualTo(new Bulk(0, List.of(), false));
			assertThat(database.count("SELECT count(*) FROM tasks WHERE user_id = ? AND completed AND version = 2",
					alice.user().id()))
				.isEqualTo(1200);
			assertThat(eventCount("task.updated")).isEqualTo(1200);
		}

		/**
		 * A bulk patch takes only tasks it would change, so the same request, repeated,
		 * moves on to the rest.
		 */
		@Test
		void theSameRequestRepeatedMovesOnToTheRest() {
			List<Long> newestFirst = descending(create(1100, ""));

			Bulk first = patched(alice, "all=true", "{\"priority\":\"high\"}");
			Bulk second = patched(alice, "all=true", "{\"priority\":\"high\"}");
			Bulk third = patched(alice, "all=true", "{\"priority\":\"high\"}");

			assertThat(first.ids()).containsExactlyElementsOf(newestFirst.subList(0, 1000));
			assertThat(first.more()).isTrue();
			assertThat(second.ids()).containsExactlyElementsOf(newestFirst.subList(1000, 1100));
			assertThat(second.more()).isFalse();
			assertThat(third).isEqualTo(new Bulk(0, List.of(), false));
			assertThat(eventCount("task.updated")).isEqualTo(1100);
			assertThat(database.count("SELECT count(*) FROM tasks WHERE user_id = ? AND priority = 3 AND version = 2",
					alice.user().id()))
				.isEqualTo(1100);
		}

		@Test
		void oneDeleteTakesAtMost1000AndASecondFinishesTheJob() {
			List<Long> newestFirst = descending(create(1001, ""));

			Bulk first = deleted(alice, "all=true");
			Bulk second = deleted(alice, "all=true");

			assertThat(first.ids()).containsExactlyElementsOf(newestFirst.subList(0, 1000));
			assertThat(first.more()).isTrue();
			assertThat(second.ids()).containsExactly(newestFirst.getLast());
			assertThat(second.more()).isFalse();
			assertThat(taskCount()).isZero();
			assertThat(eventCount("task.deleted")).isEqualTo(1001);
		}

		@Test
		void exactly1000MatchingIsOneRequestWithNothingMore() {
			create(1000, "");

			Bulk result = deleted(alice, "all=true");

			assertThat(result.count()).isEqualTo(1000);
			assertThat(result.more()).isFalse();
			assertThat(deleted(alice, "all=true")).isEqualTo(new Bulk(0, List.of(), false));
		}

	}

	@Nested
	class TheChange {

		@Test
		void eachTaskGetsTheMergePatchAndItsVersionAndUpdatedAtMoveOn() {
			List<JsonNode> before = alice.createBatch("""
					{"tasks":[
					  {"title":"a","description":"keep?","priority":"low","dueAt":"2030-01-01T00:00:00Z","tags":["x"]},
					  {"title":"b","description":"keep?","priority":"high"}]}""");

			Bulk result = patched(alice, "all=true",
					"{\"description\":null,\"dueAt\":\"2031-02-03T04:05:06Z\",\"completed\":true}");

			assertThat(result.count()).isEqualTo(2);
			Map<Long, JsonNode> after = tasksById(alice);
			for (JsonNode old : before) {
				JsonNode now = after.get(old.get("id").longValue());
				assertThat(now.get("description").isNull()).isTrue();
				assertThat(now.get("dueAt").stringValue()).isEqualTo("2031-02-03T04:05:06Z");
				assertThat(now.get("completed").booleanValue()).isTrue();
				assertThat(now.get("completedAt").isNull()).isFalse();
				assertThat(now.get("title")).isEqualTo(old.get("title"));
				assertThat(now.get("priority")).isEqualTo(old.get("priority"));
				assertThat(now.get("tags")).isEqualTo(old.get("tags"));
				assertThat(now.get("createdAt")).isEqualTo(old.get("createdAt"));
				assertThat(now.get("version").intValue()).isEqualTo(old.get("version").intValue() + 1);
				assertThat(Instant.parse(now.get("updatedAt").stringValue()))
					.isAfter(Instant.parse(old.get("updatedAt").stringValue()));
			}
			Bulk again = patched(alice, "all=true", "{\"title\":\"  renamed  \"}");
			assertThat(again.count()).isEqualTo(2);
			assertThat(tasksById(alice).values()).allSatisfy(task -> {
				assertThat(task.get("title").stringValue()).isEqualTo("renamed");
				assertThat(task.get("version").intValue()).isEqualTo(3);
			});
		}

		/**
		 * A task already as the patch would leave it is not taken: it keeps its version
		 * and gets no event.
		 */
		@Test
		void aTaskTheChangeWouldNotChangeIsLeftAsItIs() {
			List<JsonNode> created = alice.createBatch(
					"""
							{"tasks":[{"title":"open"},{"title":"done","completed":true},{"title":"tagged","tags":["a","b"]}]}""");
			long open = created.get(0).get("id").longValue();
			long done = created.get(1).get("id").longValue();
			long tagged = created.get(2).get("id").longValue();

			assertThat(patched(alice, "all=true", "{\"completed\":true}").ids()).containsExactlyInAnyOrder(open,
					tagged);
			assertThat(patched(alice, "all=true", "{\"addTags\":[\"A\"],\"removeTags\":[\"absent\"]}").ids())
				.containsExactlyInAnyOrder(open, done);
			assertThat(patched(alice, "all=true", "{\"tags\":[\"b\",\"a\"]}").ids()).containsExactlyInAnyOrder(open,
					done);
			assertThat(
					patched(alice, "all=true", "{\"description\":null,\"dueAt\":null,\"priority\":\"medium\"}").ids())
				.isEmpty();

			Map<Long, JsonNode> tasks = tasksById(alice);
			assertThat(tasks.get(open).get("version").intValue()).isEqualTo(4);
			assertThat(tasks.get(done).get("version").intValue()).isEqualTo(3);
			assertThat(tasks.get(tagged).get("version").intValue()).isEqualTo(2);
			assertThat(tasks.get(done).get("completedAt")).isEqualTo(created.get(1).get("completedAt"));
			assertThat(eventCount("task.updated")).isEqualTo(6);
		}

		@Test
		void takesPlainJsonAndRefusesOtherTypes() {
			long id = alice.createTitled("typed").get("id").longValue();

			alice.http()
				.patch()
				.uri(alice.listUri("ids=" + id))
				.header(HttpHeaders.AUTHORIZATION, alice.user().bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"completed\":true}")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.count")
				.isEqualTo(1);
			alice.http()
				.patch()
				.uri(alice.listUri("ids=" + id))
				.header(HttpHeaders.AUTHORIZATION, alice.user().bearer())
				.contentType(MediaType.TEXT_PLAIN)
				.bodyValue("completed")
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
				.expectHeader()
				.valueEquals("Accept-Patch", "application/merge-patch+json, application/json");
		}

		@Test
		void anEmptyOrInvalidBodyIs422NamingTheFieldAndChangesNothing() {
			long id = alice.createTitled("untouched").get("id").longValue();

			patchAll(alice, "ids=" + id, "{}").expectStatus()
				.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.errors[0].field")
				.isEqualTo("body");
			patchAll(alice, "ids=" + id,
					"{\"title\":null,\"priority\":\"urgent\",\"id\":7,\"addTags\":\"x\",\"removeTags\":[\"\"]}")
				.expectStatus()
				.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
				.expectBody()
				.jsonPath("$.errors[*].field")
				.value(fields -> assertThat(fields).asInstanceOf(InstanceOfAssertFactories.LIST)
					.containsExactlyInAnyOrder("title", "priority", "id", "addTags", "removeTags[0]"));
			patchAll(alice, "ids=" + id, "{\"completed\":").expectStatus().isBadRequest();
			alice.http()
				.patch()
				.uri(alice.listUri("ids=" + id))
				.header(HttpHeaders.AUTHORIZATION, alice.user().bearer())
				.contentType(MERGE_PATCH)
				.exchange()
				.expectStatus()
				.isBadRequest();

			alice.getTask(id)
				.expectBody()
				.jsonPath("$.title")
				.isEqualTo("untouched")
				.jsonPath("$.version")
				.isEqualTo(1);
			assertThat(eventCount("task.updated")).isZero();
		}

		@Test
		void withoutATokenIs401() {
			server.client().delete().uri("/api/v1/tasks?all=true").exchange().expectStatus().isUnauthorized();
			server.client()
				.patch()
				.uri("/api/v1/tasks?all=true")
				.contentType(MERGE_PATCH)
				.bodyValue("{\"completed\":true}")
				.exchange()
				.expectStatus()
				.isUnauthorized();
		}

	}

	@Nested
	class MergingTags {

		@Test
		void addTagsAndRemoveTagsMergeIntoEachTasksOwnTags() {
			List<JsonNode> created = alice.createBatch("""
					{"tasks":[
					  {"title":"a","tags":["home","old"]},
					  {"title":"b","tags":["work"]},
					  {"title":"c"}]}""");

			Bulk result = patched(alice, "all=true",
					"{\"addTags\":[\" Urgent \",\"work\",\"URGENT\"],\"removeTags\":[\"OLD\",\"absent\"]}");

			assertThat(result.count()).isEqualTo(3);
			Map<Long, JsonNode> tasks = tasksById(alice);
			assertThat(tags(tasks.get(created.get(0).get("id").longValue()))).containsExactly("home", "urgent", "work");
			assertThat(tags(tasks.get(created.get(1).get("id").longValue()))).containsExactly("urgent", "work");
			assertThat(tags(tasks.get(created.get(2).get("id").longValue()))).containsExactly("urgent", "work");
			assertThat(tasks.values()).allMatch(task -> task.get("version").intValue() == 2);
		}

		@Test
		void aTagBothAddedAndRemovedIsRemoved() {
			long id = alice.create("{\"title\":\"x\",\"tags\":[\"keep\"]}").get("id").longValue();

			patched(alice, "ids=" + id, "{\"addTags\":[\"gone\",\"new\"],\"removeTags\":[\"gone\"]}");

			assertThat(tags(body(alice.getTask(id)))).containsExactly("keep", "new");
		}

		@Test
		void tagsReplaceEachTasksTagsAndNullOrAnEmptyArrayClearsThem() {
			List<Long> ids = ids(TaskClient.JSON.valueToTree(alice.createBatch(
					"{\"tasks\":[{\"title\":\"a\",\"tags\":[\"one\"]},{\"title\":\"b\",\"tags\":[\"two\",\"three\"]}]}")));

			patched(alice, "all=true", "{\"tags\":[\"B\",\"a\"]}");
			assertThat(tasksById(alice).values()).allSatisfy(task -> assertThat(tags(task)).containsExactly("a", "b"));
			patched(alice, idsParameter(List.of(ids.get(0))), "{\"tags\":null}");
			patched(alice, idsParameter(List.of(ids.get(1))), "{\"tags\":[]}");
			assertThat(tasksById(alice).values()).allSatisfy(task -> assertThat(tags(task)).isEmpty());
		}

		@Test
		void tagsWithAddTagsOrRemoveTagsIs422AndChangesNothing() {
			long id = alice.create("{\"title\":\"x\",\"tags\":[\"keep\"]}").get("id").longValue();

			for (String body : List.of("{\"tags\":[\"a\"],\"addTags\":[\"b\"]}",
					"{\"tags\":null,\"removeTags\":[\"keep\"]}")) {
				patchAll(alice, "ids=" + id, body).expectStatus()
					.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
					.expectBody()
					.jsonPath("$.errors[*].field")
					.value(fields -> assertThat(fields).asInstanceOf(InstanceOfAssertFactories.LIST).contains("tags"));
			}

			JsonNode task = body(alice.getTask(id));
			assertThat(tags(task)).containsExactly("keep");
			assertThat(task.get("version").intValue()).isEqualTo(1);
		}

		/**
		 * A merge that would give one task 21 tags refuses the whole request: the task
		 * with room for them keeps its tags too, no version moves and no event is
		 * written.
		 */
		@Test
		void aMergeGivingAnyTaskMoreThan20TagsIs422NamingAddTagsAndChangesNothing() {
			String nineteen = IntStream.range(0, 19).mapToObj(i -> "\"t" + i + "\"").collect(Collectors.joining(","));
			List<JsonNode> created = alice.createBatch(
					"{\"tasks\":[{\"title\":\"full\",\"tags\":[" + nineteen + "]}," + "{\"title\":\"roomy\"}]}");
			long updatedBefore = eventCount("task.updated");

			patchAll(alice, "all=true", "{\"addTags\":[\"new1\",\"new2\"],\"title\":\"renamed\"}").expectStatus()
				.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.errors[0].field")
				.isEqualTo("addTags");

			Map<Long, JsonNode> tasks = tasksById(alice);
			for (JsonNode old : created) {
				assertThat(tasks.get(old.get("id").longValue())).isEqualTo(old);
			}
			assertThat(eventCount("task.updated")).isEqualTo(updatedBefore);
			// Exactly twenty fits.
			assertThat(patched(alice, "all=true", "{\"addTags\":[\"new1\",\"t0\"]}").count()).isEqualTo(2);
			assertThat(tags(body(alice.getTask(created.getFirst().get("id").longValue())))).hasSize(20)
				.contains("new1");
		}

		@Test
		void aRemovalMakesRoomInTheSameMerge() {
			String twenty = IntStream.range(0, 20).mapToObj(i -> "\"t" + i + "\"").collect(Collectors.joining(","));
			long id = alice.create("{\"title\":\"full\",\"tags\":[" + twenty + "]}").get("id").longValue();

			patched(alice, "ids=" + id, "{\"addTags\":[\"fresh\"],\"removeTags\":[\"t0\"]}");

			assertThat(tags(body(alice.getTask(id)))).hasSize(20).contains("fresh").doesNotContain("t0");
		}

		private static List<String> tags(JsonNode task) {
			List<String> tags = new ArrayList<>();
			task.get("tags").forEach(tag -> tags.add(tag.stringValue()));
			return tags;
		}

	}

	@Nested
	class FeedEvents {

		@Test
		void eachChangedTaskGetsItsOwnEventInIdOrderCarryingTheTaskAsTheApiShowsIt() {
			List<Long> created = create(3, "\"tags\":[\"x\"]");
			try (FeedClient feed = FeedClient.connect(server, alice.user().token())) {
				Bulk patch = patched(alice, "all=true", "{\"completed\":true,\"addTags\":[\"y\"]}");
				Map<Long, JsonNode> afterPatch = tasksById(alice);
				Bulk delete = deleted(alice, idsParameter(created.subList(0, 2)));

				List<ServerSentEvent<String>> events = feed.awaitEvents(5);

				assertThat(events.subList(0, 3)).extracting(ServerSentEvent::event).containsOnly("task.updated");
				assertThat(events.subList(0, 3)).extracting(event -> TaskClient.JSON.readTree(event.data()))
					.containsExactlyElementsOf(created.stream().map(afterPatch::get).toList());
				assertThat(events.subList(3, 5)).extracting(ServerSentEvent::event).containsOnly("task.deleted");
				assertThat(events.subList(3, 5)).extracting(event -> TaskClient.JSON.readTree(event.data()))
					.containsExactly(TaskClient.JSON.readTree("{\"id\":" + created.get(0) + "}"),
							TaskClient.JSON.readTree("{\"id\":" + created.get(1) + "}"));
				assertThat(events).extracting(event -> Long.parseLong(event.id())).isSorted().doesNotHaveDuplicates();
				assertThat(patch.ids()).hasSize(3);
				assertThat(delete.ids()).hasSize(2);
				feed.assertNoEventWithin(Duration.ofMillis(300));
			}
		}

		@Test
		void aBulkThatChangesNothingHasNoEvent() {
			create(2, "");
			try (FeedClient feed = FeedClient.connect(server, alice.user().token())) {
				assertThat(patched(alice, "completed=true", "{\"title\":\"none\"}").count()).isZero();
				assertThat(deleted(alice, "tags=absent").count()).isZero();

				feed.assertNoEventWithin(Duration.ofMillis(500));
			}
		}

		/**
		 * A bulk of 1,000 is 1,000 events committed at once: a subscriber following the
		 * feed receives every one, in id order, without being cut off.
		 */
		@Test
		void aBulkOf1000ReachesASubscriberAsExactly1000EventsInOrder() {
			List<Long> created = create(1000, "");
			try (FeedClient feed = FeedClient.connect(server, alice.user().token())) {
				Bulk patch = patched(alice, "all=true", "{\"completed\":true}");

				List<ServerSentEvent<String>> updates = feed.awaitEvents(1000, Duration.ofSeconds(120));

				assertThat(patch.count()).isEqualTo(1000);
				assertThat(updates).extracting(ServerSentEvent::event).containsOnly("task.updated");
				assertThat(updates).extracting(event -> Long.parseLong(event.id())).isSorted().doesNotHaveDuplicates();
				assertThat(updates).extracting(event -> TaskClient.JSON.readTree(event.data()).get("id").longValue())
					.containsExactlyElementsOf(created);
				assertThat(updates).allSatisfy(event -> {
					JsonNode task = TaskClient.JSON.readTree(event.data());
					assertThat(task.get("completed").booleanValue()).isTrue();
					assertThat(task.get("version").intValue()).isEqualTo(2);
				});

				Bulk delete = deleted(alice, "all=true");
				List<ServerSentEvent<String>> deletions = feed.awaitEvents(1000, Duration.ofSeconds(120));

				assertThat(delete.count()).isEqualTo(1000);
				assertThat(deletions).extracting(ServerSentEvent::event).containsOnly("task.deleted");
				assertThat(deletions).extracting(event -> TaskClient.JSON.readTree(event.data()).get("id").longValue())
					.containsExactlyElementsOf(created);
				assertThat(Long.parseLong(deletions.getFirst().id()))
					.isGreaterThan(Long.parseLong(updates.getLast().id()));
				feed.assertNoEventWithin(Duration.ofMillis(300));
				assertThat(feed.ended()).as("the subscriber was cut off").isFalse();
			}
		}

	}

	/**
	 * Fifty requests in flight at once, bulk patches and deletes racing single patches
	 * and deletes on overlapping tasks, three rounds: no 5xx, every answer consistent,
	 * and the rows, the acknowledgements and the feed's events tell the same story.
	 */
	@Nested
	class UnderConcurrency {

		private static final int TASKS = 200;

		private static final int IN_FLIGHT = 50;

		private static final int ROUNDS = 3;

		private record Op(String kind, List<Long> ids, HttpMethod method, URI uri, String body) {
		}

		private record Reply(Op op, int status, String body) {
		}

		@Test
		void fiftyConcurrentBulkAndSingleWritesStayConsistentWithTheirEvents() throws SQLException {
			String tagged = IntStream.range(0, TASKS)
				.mapToObj(i -> "{\"title\":\"c" + i + "\",\"tags\":[\"g" + (i % 5) + "\"]}")
				.collect(Collectors.joining(",", "{\"tasks\":[", "]}"));
			List<Long> ids = ids(TaskClient.JSON.valueToTree(alice.createBatch(tagged)));
			long lastCreatedEvent = Long
				.parseLong(database.string("SELECT max(id) FROM task_events WHERE user_id = " + alice.user().id()));
			WebClient http = WebClient.builder()
				.baseUrl(server.baseUrl())
				.defaultHeader(HttpHeaders.AUTHORIZATION, alice.user().bearer())
				.build();
			Random random = new Random(0xB01C);
			List<Reply> replies = new ArrayList<>();

			try (FeedClient feed = FeedClient.connect(server, alice.user().token())) {
				for (int round = 0; round < ROUNDS; round++) {
					List<Op> ops = new ArrayList<>();
					for (int i = 0; i < IN_FLIGHT; i++) {
						ops.add(operation(i, round, ids, random));
					}
					List<Reply> answered = Flux.fromIterable(ops)
						.flatMap(op -> send(http, op), IN_FLIGHT)
						.collectList()
						.block(Duration.ofSeconds(120));
					assertThat(answered).hasSize(IN_FLIGHT);
					replies.addAll(answered);
				}

				// Every answer is one the API may give, and consistent in itself.
				for (Reply reply : replies) {
					assertThat(reply.status()).as("%s %s", reply.op().kind(), reply.body()).isLessThan(500);
					switch (reply.op().kind()) {
						case "bulk-patch", "bulk-delete" -> {
							assertThat(reply.status()).as(reply.body()).isEqualTo(200);
							Bulk bulk = Bulk.of(TaskClient.JSON.readTree(reply.body()));
							assertThat(bulk.more()).isFalse();
							if (reply.op().ids() != null) {
								assertThat(bulk.ids()).isSubsetOf(reply.op().ids());
							}
							assertThat(bulk.ids()).isSubsetOf(ids);
						}
						case "patch" -> assertThat(reply.status()).as(reply.body()).isIn(200, 404);
						case "delete" -> assertThat(reply.status()).as(reply.body()).isIn(204, 404);
						default -> throw new IllegalStateException(reply.op().kind());
					}
				}

				// What was acknowledged: every update of each task, every deletion (each
				// at most once).
				Map<Long, Integer> acknowledgedUpdates = new HashMap<>();
				List<Long> acknowledgedDeletes = new ArrayList<>();
				for (Reply reply : replies) {
					switch (reply.op().kind()) {
						case "bulk-patch" -> Bulk.of(TaskClient.JSON.readTree(reply.body()))
							.ids()
							.forEach(id -> acknowledgedUpdates.merge(id, 1, Integer::sum));
						case "patch" -> {
							if (reply.status() == 200) {
								acknowledgedUpdates.merge(reply.op().ids().getFirst(), 1, Integer::sum);
							}
						}
						case "bulk-delete" ->
							acknowledgedDeletes.addAll(Bulk.of(TaskClient.JSON.readTree(reply.body())).ids());
						case "delete" -> {
							if (reply.status() == 204) {
								acknowledgedDeletes.add(reply.op().ids().getFirst());
							}
						}
						default -> throw new IllegalStateException();
					}
				}
				assertThat(acknowledgedDeletes).as("no task is deleted twice").doesNotHaveDuplicates();

				// The rows.
				Map<Long, JsonNode> remaining = tasksById(alice);
				Set<Long> gone = new HashSet<>(ids);
				gone.removeAll(remaining.keySet());
				assertThat(gone).containsExactlyInAnyOrderElementsOf(acknowledgedDeletes);
				assertThat(acknowledgedDeletes).as("the race deleted some tasks, not all")
					.isNotEmpty()
					.hasSizeLessThan(TASKS);

				// The events, as stored.
				List<StoredEvent> events = storedEvents(alice.user().id(), lastCreatedEvent);
				Map<Long, List<StoredEvent>> byTask = events.stream()
					.collect(Collectors.groupingBy(StoredEvent::taskId, LinkedHashMap::new, Collectors.toList()));
				for (long id : ids) {
					List<StoredEvent> own = byTask.getOrDefault(id, List.of());
					List<StoredEvent> updates = own.stream()
						.filter(event -> event.type().equals("task.updated"))
						.toList();
					int acknowledged = acknowledgedUpdates.getOrDefault(id, 0);
					assertThat(updates).as("task %d: one event per acknowledged update", id).hasSize(acknowledged);
					// Each update event keeps the version it wrote: 2, 3, 4, ... in event
					// order.
					assertThat(updates).extracting(StoredEvent::version)
						.containsExactlyElementsOf(IntStream.rangeClosed(2, acknowledged + 1).boxed().toList());
					if (remaining.containsKey(id)) {
						assertThat(own).extracting(StoredEvent::type).doesNotContain("task.deleted");
						assertThat(remaining.get(id).get("version").intValue()).as("task %d", id)
							.isEqualTo(1 + acknowledged);
					}
					else {
						assertThat(own).extracting(StoredEvent::type).containsOnlyOnce("task.deleted");
						assertThat(own.getLast().type()).isEqualTo("task.deleted");
					}
				}

				// The feed: every stored event, in order, the last of each remaining task
				// being the task as it is.
				List<ServerSentEvent<String>> received = feed.awaitEvents(events.size(), Duration.ofSeconds(120));
				assertThat(received).extracting(event -> Long.parseLong(event.id()))
					.containsExactlyElementsOf(events.stream().map(StoredEvent::id).toList());
				Map<Long, JsonNode> lastSeen = new HashMap<>();
				for (ServerSentEvent<String> event : received) {
					JsonNode data = TaskClient.JSON.readTree(event.data());
					lastSeen.put(data.get("id").longValue(), data);
				}
				remaining.forEach((id, task) -> {
					if (lastSeen.containsKey(id)) {
						assertThat(lastSeen.get(id)).as("task %d", id).isEqualTo(task);
					}
				});
				feed.assertNoEventWithin(Duration.ofMillis(300));
			}
		}

		private Op operation(int i, int round, List<Long> ids, Random random) {
			int kind = i % 10;
			String token = "r" + round + "i" + i;
			if (kind <= 3) {
				// Bulk patch of 60 random tasks, by ids.
				List<Long> chosen = sample(ids, 60, random);
				String body = switch (kind) {
					case 0 -> "{\"description\":\"" + token + "\"}";
					case 1 -> "{\"addTags\":[\"" + token + "\"],\"removeTags\":[\"g" + random.nextInt(5) + "\"]}";
					case 2 -> "{\"completed\":" + random.nextBoolean() + "}";
					default -> "{\"priority\":\"" + List.of("low", "medium", "high").get(random.nextInt(3)) + "\"}";
				};
				return new Op("bulk-patch", chosen, HttpMethod.PATCH, alice.listUri(idsParameter(chosen)), body);
			}
			if (kind == 4) {
				// Bulk patch by filter: everything still carrying one group tag, or
				// everything open.
				String query = random.nextBoolean() ? "tags=g" + random.nextInt(5)
						: "completed=false&minPriority=medium";
				return new Op("bulk-patch", null, HttpMethod.PATCH, alice.listUri(query),
						"{\"title\":\"" + token + "\"}");
			}
			if (kind == 5) {
				List<Long> chosen = sample(ids, 4, random);
				return new Op("bulk-delete", chosen, HttpMethod.DELETE, alice.listUri(idsParameter(chosen)), null);
			}
			long id = ids.get(random.nextInt(ids.size()));
			if (kind == 9) {
				return new Op("delete", List.of(id), HttpMethod.DELETE,
						URI.create(server.baseUrl() + "/api/v1/tasks/" + id), null);
			}
			return new Op("patch", List.of(id), HttpMethod.PATCH, URI.create(server.baseUrl() + "/api/v1/tasks/" + id),
					"{\"title\":\"" + token + "\"}");
		}

		private static List<Long> sample(List<Long> ids, int size, Random random) {
			List<Long> shuffled = new ArrayList<>(ids);
			Collections.shuffle(shuffled, random);
			return List.copyOf(shuffled.subList(0, size));
		}

		private static Mono<Reply> send(WebClient http, Op op) {
			WebClient.RequestBodySpec request = http.method(op.method()).uri(op.uri());
			WebClient.RequestHeadersSpec<?> ready = op.body() == null ? request
					: request.contentType(MERGE_PATCH).bodyValue(op.body());
			return ready.exchangeToMono(response -> response.bodyToMono(String.class)
				.defaultIfEmpty("")
				.map(body -> new Reply(op, response.statusCode().value(), body)));
		}

	}

	record StoredEvent(long id, String type, long taskId, Integer version) {
	}

	/**
	 * The user's events after {@code afterId}, in id order, with the version each update
	 * event kept.
	 */
	private List<StoredEvent> storedEvents(long userId, long afterId) throws SQLException {
		List<StoredEvent> events = new ArrayList<>();
		try (var connection = database.connect(); var statement = connection.prepareStatement("""
				SELECT id, type, task_id, CAST(task->>'version' AS integer) AS version
				FROM task_events WHERE user_id = ? AND id > ? ORDER BY id""")) {
			statement.setLong(1, userId);
			statement.setLong(2, afterId);
			try (var result = statement.executeQuery()) {
				while (result.next()) {
					int version = result.getInt("version");
					events.add(new StoredEvent(result.getLong("id"), result.getString("type"),
							result.getLong("task_id"), result.wasNull() ? null : version));
				}
			}
		}
		return events;
	}

}
