package dev.taskflow.task;

import dev.taskflow.feed.FeedPosition;
import dev.taskflow.idempotency.IdempotencyKey;
import dev.taskflow.idempotency.Once;
import dev.taskflow.idempotency.RequestFingerprint;
import dev.taskflow.security.CurrentUser;
import dev.taskflow.web.EntityTags;
import dev.taskflow.web.JsonBodies;
import dev.taskflow.web.JsonResponse;
import dev.taskflow.web.PathIds;
import dev.taskflow.web.ProblemException;
import dev.taskflow.web.QueryParameters;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * HTTP for tasks: reads and checks the request, asks {@link TaskService}, writes the
 * answer.
 */
@Component
class TaskHandler {

	static final String BASE = "/api/v1/tasks";
	static final String TAGS = "/api/v1/tags";
	static final int DEFAULT_TAGS = 100;
	static final int MAX_TAGS_LISTED = 1000;
	static final String IDEMPOTENCY_KEY = "Idempotency-Key";
	static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

	/**
	 * A task is private to its user, and a cached copy must be revalidated (by its ETag)
	 * before use.
	 */
	private static final String PRIVATE_REVALIDATED = "private, no-cache";

	private static final Set<String> TAG_PARAMETERS = Set.of("limit");

	private static final String NOT_FOUND = "No such task.";

	private static final Pattern KEY_FORMAT = Pattern.compile("[\\x21-\\x7E]{1,255}");

	private final TaskService tasks;

	private final JsonBodies bodies;

	private final JsonMapper json;

	/**
	 * Tasks and pages are written to bytes here, once, by writers resolved once: cheaper
	 * than the codecs' lookup.
	 */
	private final ObjectWriter taskJson;

	private final ObjectWriter pageJson;

	private final ObjectWriter bulkJson;

	private final ObjectWriter createdJson;

	TaskHandler(TaskService tasks, JsonBodies bodies, JsonMapper json) {
		this.tasks = tasks;
		this.bodies = bodies;
		this.json = json;
		this.taskJson = json.writerFor(Task.class);
		this.pageJson = json.writerFor(TaskPage.class);
		this.bulkJson = json.writerFor(BulkResult.class);
		this.createdJson = json.writerFor(CreatedTasks.class);
	}

	Mono<ServerResponse> create(ServerRequest request) {
		QueryParameters.none(request.queryParams());
		long userId = CurrentUser.id(request);
		String key = idempotencyKey(request);
		return bodies.object(request, JsonBodies.JSON)
			.flatMap(body -> tasks.create(userId, TaskRequests.newTask(body), idempotency(userId, key, request, body)))
			.map(once -> sent(once, created(once.value())));
	}

	Mono<ServerResponse> createBatch(ServerRequest request) {
		QueryParameters.none(request.queryParams());
		long userId = CurrentUser.id(request);
		String key = idempotencyKey(request);
		return bodies.object(request, JsonBodies.JSON)
			.flatMap(body -> tasks.createAll(userId, TaskRequests.newTasks(body).tasks(),
					idempotency(userId, key, request, body)))
			.map(once -> sent(once,
					JsonResponse.status(HttpStatus.CREATED, createdJson.writeValueAsBytes(once.value()))));
	}

	Mono<ServerResponse> get(ServerRequest request) {
		QueryParameters.none(request.queryParams());
		long userId = CurrentUser.id(request);
		return tasks.find(userId, PathIds.id(request, NOT_FOUND)).flatMap(read -> {
			Task task = read.value();
			String etag = EntityTags.of(task.version());
			String position = Long.toString(read.feedPosition());
			// A 304 carries the headers its 200 would have, Cache-Control among them (RFC
			// 9110 §15.4.5).
			if (EntityTags.noneMatchHits(request.headers().header(HttpHeaders.IF_NONE_MATCH), task.version())) {
				return ServerResponse.status(HttpStatus.NOT_MODIFIED)
					.eTag(etag)
					.header(HttpHeaders.CACHE_CONTROL, PRIVATE_REVALIDATED)
					.header(FeedPosition.HEADER, position)
					.build();
			}
			return Mono.just(JsonResponse.ok(taskJson.writeValueAsBytes(task))
				.header(HttpHeaders.ETAG, etag)
				.header(HttpHeaders.CACHE_CONTROL, PRIVATE_REVALIDATED)
				.header(FeedPosition.HEADER, position));
		});
	}

	Mono<ServerResponse> update(ServerRequest request) {
		QueryParameters.none(request.queryParams());
		long userId = CurrentUser.id(request);
		long id = PathIds.id(request, NOT_FOUND);
		List<Long> versions = EntityTags.ifMatchVersions(request.headers().header(HttpHeaders.IF_MATCH));
		return bodies.object(request, JsonBodies.PATCH)
			.flatMap(body -> tasks.update(userId, id, TaskRequests.changes(body), versions))
			.map(task -> JsonResponse.ok(taskJson.writeValueAsBytes(task))
				.header(HttpHeaders.ETAG, EntityTags.of(task.version())));
	}

	Mono<ServerResponse> delete(ServerRequest request) {
		QueryParameters.none(request.queryParams());
		long userId = CurrentUser.id(request);
		List<Long> versions = EntityTags.ifMatchVersions(request.headers().header(HttpHeaders.IF_MATCH));
		return tasks.delete(userId, PathIds.id(request, NOT_FOUND), versions).then(ServerResponse.noContent().build());
	}

	/**
	 * A page of JSON, or with {@code Accept: application/x-ndjson} every matching task
	 * streamed one per line. Either way {@code Feed-Position} says where to open the feed
	 * to continue from what was read.
	 */
	Mono<ServerResponse> list(ServerRequest request) {
		long userId = CurrentUser.id(request);
		if (wantsStream(request)) {
			TaskStreamQuery query = TaskListParameters.stream(request.queryParams());
			return tasks.stream(userId, query)
				.flatMap(read -> ServerResponse.ok()
					.contentType(MediaType.APPLICATION_NDJSON)
					.header(FeedPosition.HEADER, Long.toString(read.feedPosition()))
					.body(read.value(), Task.class));
		}
		TaskListQuery query = TaskListParameters.page(request.queryParams());
		return tasks.list(userId, query)
			.map(page -> JsonResponse.ok(pageJson.writeValueAsBytes(page))
				.header(FeedPosition.HEADER, Long.toString(page.feedPosition())));
	}

	/**
	 * {@code PATCH /api/v1/tasks?<filters>}: one merge patch for every matching task, at
	 * most 1,000 per request.
	 */
	Mono<ServerResponse> updateAll(ServerRequest request) {
		long userId = CurrentUser.id(request);
		TaskFilter filter = TaskListParameters.bulk(request.queryParams());
		return bodies.object(request, JsonBodies.PATCH)
			.flatMap(body -> tasks.updateAll(userId, filter, TaskRequests.bulkChanges(body)))
			.map(result -> JsonResponse.ok(bulkJson.writeValueAsBytes(result)));
	}

	/**
	 * {@code DELETE /api/v1/tasks?<filters>}: deletes the matching tasks, at most 1,000
	 * per request.
	 */
	Mono<ServerResponse> deleteAll(ServerRequest request) {
		long userId = CurrentUser.id(request);
		TaskFilter filter = TaskListParameters.bulk(request.queryParams());
		return tasks.deleteAll(userId, filter).map(result -> JsonResponse.ok(bulkJson.writeValueAsBytes(result)));
	}

	Mono<ServerResponse> tags(ServerRequest request) {
		long userId = CurrentUser.id(request);
		int limit = QueryParameters.of(request.queryParams(), TAG_PARAMETERS)
			.integer("limit", DEFAULT_TAGS, 1, MAX_TAGS_LISTED);
		return tasks.tags(userId, limit).map(tags -> JsonResponse.ok(json.writeValueAsBytes(tags)));
	}

	Mono<ServerResponse> stats(ServerRequest request) {
		QueryParameters.none(request.queryParams());
		long userId = CurrentUser.id(request);
		return tasks.stats(userId)
			.flatMap(stats -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(stats));
	}

	private JsonResponse created(Task task) {
		return JsonResponse.status(HttpStatus.CREATED, taskJson.writeValueAsBytes(task))
			.header(HttpHeaders.LOCATION, BASE + "/" + task.id())
			.header(HttpHeaders.ETAG, EntityTags.of(task.version()));
	}

	/**
	 * A retry with a used idempotency key gets the first answer again, rendered from the
	 * recorded result, and is told so.
	 */
	private static ServerResponse sent(Once<?> once, JsonResponse response) {
		return once.replayed() ? response.header(IDEMPOTENT_REPLAYED, "true") : response;
	}

	private static IdempotencyKey idempotency(long userId, String key, ServerRequest request, JsonNode body) {
		return key == null ? null
				: new IdempotencyKey(userId, key, RequestFingerprint.of(request.method().name(), request.path(), body));
	}

	private static String idempotencyKey(ServerRequest request) {
		List<String> values = request.headers().header(IDEMPOTENCY_KEY);
		if (values.isEmpty()) {
			return null;
		}
		if (values.size() > 1 || !KEY_FORMAT.matcher(values.getFirst()).matches()) {
			throw new ProblemException(HttpStatus.BAD_REQUEST,
					"The Idempotency-Key header must be one value of 1 to 255 "
							+ "visible ASCII characters, e.g. a UUID.",
					Map.of("header", IDEMPOTENCY_KEY), HttpHeaders.EMPTY);
		}
		return values.getFirst();
	}

	/**
	 * Only an explicit {@code application/x-ndjson} asks for the stream;
	 * {@code *}{@code /*} gets the JSON page.
	 */
	private static boolean wantsStream(ServerRequest request) {
		return request.headers()
			.accept()
			.stream()
			.anyMatch(type -> type.equalsTypeAndSubtype(MediaType.APPLICATION_NDJSON));
	}

}
