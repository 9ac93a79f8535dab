package dev.taskflow.feed;

import dev.taskflow.web.OpenApiDefinition;

import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.DiscriminatorMapping;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import org.springdoc.core.fn.builders.operation.Builder;

import static dev.taskflow.web.ApiDocs.JSON;
import static dev.taskflow.web.ApiDocs.badRequest;
import static dev.taskflow.web.ApiDocs.bearer;
import static dev.taskflow.web.ApiDocs.unauthorized;
import static dev.taskflow.web.ApiDocs.unavailable;
import static org.springdoc.core.fn.builders.apiresponse.Builder.responseBuilder;
import static org.springdoc.core.fn.builders.content.Builder.contentBuilder;
import static org.springdoc.core.fn.builders.exampleobject.Builder.exampleOjectBuilder;
import static org.springdoc.core.fn.builders.header.Builder.headerBuilder;
import static org.springdoc.core.fn.builders.parameter.Builder.parameterBuilder;
import static org.springdoc.core.fn.builders.schema.Builder.schemaBuilder;
import static org.springdoc.core.fn.builders.securityrequirement.Builder.securityRequirementBuilder;

/**
 * The OpenAPI description of the live feed's routes, kept beside {@link FeedRouter}.
 * OpenAPI 3.1 has no way to say what a {@code text/event-stream} carries, so the stream's
 * schema is one event as its fields ({@link FeedEvent}, one schema per event name), and
 * the operation's description says how the fields go on the wire.
 */
final class FeedApiDocs {

	private static final String TAG = "Live feed";

	private static final String EVENT_ID = "^[0-9]{1,18}$";

	private static final String RESET = "reset";

	private static final String ID_DESCRIPTION = "The event's position in the caller's feed: larger for every later "
			+ "event (not consecutive). Send it back as Last-Event-ID to resume after it.";

	/** What {@link SseFrame} writes, for a reader to see the framing at once. */
	private static final String WIRE_EXAMPLE = """
			retry: 2000
			: connected

			id: 1041
			event: task.created
			data: {"id":7,"title":"Buy milk","description":null,"completed":false,"completedAt":null,\
			"priority":"medium","dueAt":null,"tags":[],"createdAt":"2026-05-01T12:00:00Z",\
			"updatedAt":"2026-05-01T12:00:00Z","version":1}

			: heartbeat

			id: 1057
			event: task.deleted
			data: {"id":7}

			""";

	private FeedApiDocs() {
	}

	@Schema(name = "TaskFeedEvent",
			description = "One event of the stream, as the fields of its block of lines: `id:`, `event:` (the event's "
					+ "name, which selects the schema of `data`), and `data:`, the JSON text on one line. Comment lines "
					+ "(starting with `:`) and the `retry:` field are not events.",
			oneOf = { TaskCreated.class, TaskUpdated.class, TaskDeleted.class, FeedReset.class },
			discriminatorProperty = "event",
			discriminatorMapping = { @DiscriminatorMapping(value = TaskEvent.CREATED, schema = TaskCreated.class),
					@DiscriminatorMapping(value = TaskEvent.UPDATED, schema = TaskUpdated.class),
					@DiscriminatorMapping(value = TaskEvent.DELETED, schema = TaskDeleted.class),
					@DiscriminatorMapping(value = RESET, schema = FeedReset.class) })
	interface FeedEvent {

	}

	@Schema(name = "TaskCreatedEvent", description = "A task was created; `data` is the task as GET shows it.")
	record TaskCreated(
			@Schema(requiredMode = RequiredMode.REQUIRED, pattern = EVENT_ID, description = ID_DESCRIPTION) String id,
			@Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = TaskEvent.CREATED) String event,
			@Schema(requiredMode = RequiredMode.REQUIRED, ref = "#/components/schemas/Task") Object data) {
	}

	@Schema(name = "TaskUpdatedEvent",
			description = "A task was changed (by PATCH, alone or in bulk); `data` is the task as it is after the "
					+ "change, its version advanced.")
	record TaskUpdated(
			@Schema(requiredMode = RequiredMode.REQUIRED, pattern = EVENT_ID, description = ID_DESCRIPTION) String id,
			@Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = TaskEvent.UPDATED) String event,
			@Schema(requiredMode = RequiredMode.REQUIRED, ref = "#/components/schemas/Task") Object data) {
	}

	@Schema(name = "TaskDeletedEvent", description = "A task was deleted (alone or in bulk).")
	record TaskDeleted(
			@Schema(requiredMode = RequiredMode.REQUIRED, pattern = EVENT_ID, description = ID_DESCRIPTION) String id,
			@Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = TaskEvent.DELETED) String event,
			@Schema(requiredMode = RequiredMode.REQUIRED) DeletedTask data) {
	}

	@Schema(name = "FeedResetEvent",
			description = "The position the stream was opened at is older than the events the server keeps "
					+ "(FEED_RETENTION_HOURS), so changes since it cannot be replayed: reload the list, then go on "
					+ "reading this stream, which continues from this event's id. Only ever the first event.")
	record FeedReset(
			@Schema(requiredMode = RequiredMode.REQUIRED, pattern = EVENT_ID,
					description = "The caller's latest position: events after it follow.") String id,
			@Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = RESET) String event,
			@Schema(requiredMode = RequiredMode.REQUIRED) ResetData data) {
	}

	@Schema(name = "DeletedTask", description = "The deleted task's id.")
	record DeletedTask(@Schema(requiredMode = RequiredMode.REQUIRED, format = "int64") long id) {
	}

	@Schema(name = "FeedResetData", description = "Always `{}`.", type = "object", maxProperties = 0)
	record ResetData() {
	}

	static void stream(Builder operation) {
		operation.operationId("streamTaskEvents")
			.tag(TAG)
			.summary("Stream the caller's task changes (server-sent events)")
			.description("""
					Every committed change of the caller's tasks, as server-sent events (the text/event-stream \
					format of the HTML standard), in the order they were committed.

					**Events.** Each is a block of `id:`, `event:` and `data:` lines ended by a blank line; `data` is \
					one line of JSON, whose shape the event's name decides (see the TaskFeedEvent schema):

					| event | data |
					|---|---|
					| `%s` | the task, as GET /api/v1/tasks/{id} shows it |
					| `%s` | the task after the change |
					| `%s` | `{"id": …}` |
					| `reset` | `{}`: the position asked for is too old; reload the list |

					**Ids and resuming.** An event's `id` is its position in the caller's feed: it grows with every \
					event (not by one). Reconnecting with the last id received as Last-Event-ID (EventSource sends \
					it by itself) replays every event after it, then goes on live, with no gap and no duplicate. \
					To follow a list, open the stream with the list's `Feed-Position` header (or the page's \
					`feedPosition`) as Last-Event-ID: every change made after the list was read arrives, none that \
					it already shows. Without Last-Event-ID the stream starts at the present.

					**Reset.** A position older than the events kept (FEED_RETENTION_HOURS, 7 days by default) \
					cannot be replayed: the stream opens with `event: reset`, data `{}`, whose id is the caller's \
					latest position. Reload the list, keep reading: the events after the reset follow.

					**Retry and heartbeats.** The stream opens with `retry: 2000` (EventSource waits 2 s before it \
					reconnects) and a `: connected` comment, and sends a `: heartbeat` comment every \
					FEED_HEARTBEAT_SECONDS (15 by default) so idle connections stay open through proxies. \
					Comments dispatch no event; a client reading the stream itself skips lines starting with `:`.

					**Closing.** The server ends the stream when the user's account status, role or tokens change \
					(a deactivated account or revoked token is then 401 on reconnecting), when the client falls \
					more than FEED_BUFFER events behind, and on shutdown. Reconnect with the last id received.

					**Authentication.** A bearer token or, for EventSource, which cannot send one, `ticket` from \
					POST /api/v1/tasks/events/tickets.""".formatted(TaskEvent.CREATED, TaskEvent.UPDATED,
					TaskEvent.DELETED))
			// The ticket alternative cannot be stated as a security requirement
			// (springdoc drops an empty one), so the ticket is a parameter and the
			// description says when it replaces the token.
			.security(securityRequirementBuilder().name(OpenApiDefinition.BEARER))
			.parameter(parameterBuilder().in(ParameterIn.HEADER)
				.name("Last-Event-ID")
				.description("The id of the last event received, or a read's Feed-Position: the stream resumes after "
						+ "it. Empty or absent: from now.")
				.schema(schemaBuilder().type("string").pattern(EVENT_ID)))
			.parameter(parameterBuilder().in(ParameterIn.QUERY)
				.name("lastEventId")
				.description("As Last-Event-ID, for clients that cannot set the header; the header wins.")
				.schema(schemaBuilder().type("string").pattern(EVENT_ID)))
			.parameter(parameterBuilder().in(ParameterIn.QUERY)
				.name("ticket")
				.description("A single-use ticket, in place of the bearer token.")
				.schema(schemaBuilder().type("string")))
			.response(responseBuilder().responseCode("200")
				.description("The stream, until either side closes it")
				.header(headerBuilder().name("Cache-Control")
					.description("no-store")
					.schema(schemaBuilder().type("string")))
				.header(headerBuilder().name("X-Accel-Buffering")
					.description("no: a proxy that honours it passes each event on at once")
					.schema(schemaBuilder().type("string")))
				.content(contentBuilder().mediaType("text/event-stream")
					.schema(schemaBuilder().implementation(FeedEvent.class))
					.example(exampleOjectBuilder().name("stream")
						.summary("The start of a stream: the retry hint, two events, a heartbeat")
						.description("Reconnecting after this, a client sends Last-Event-ID: 1057")
						.value(WIRE_EXAMPLE))))
			.response(badRequest("Last-Event-ID (or lastEventId) is not an event id, or an unknown or repeated query "
					+ "parameter (`parameter` names it)"))
			.response(unauthorized("Neither a valid bearer token nor a valid ticket: the ticket is unknown, expired, "
					+ "already used, or its user's tokens were revoked since (as a password change does)"))
			.response(unavailable());
	}

	static void issueTicket(Builder operation) {
		bearer(operation).operationId("issueFeedTicket")
			.tag(TAG)
			.summary("Get a ticket to open the feed with")
			.description("For EventSource, which cannot send an Authorization header: open GET /api/v1/tasks/events"
					+ "?ticket=… with it. A ticket works once, within " + FeedTickets.VALIDITY.toSeconds()
					+ " seconds, and only while its user stays active and their tokens are not revoked (as a password "
					+ "change does).")
			.response(responseBuilder().responseCode("201")
				.description("A ticket, sent with Cache-Control: no-store")
				.content(contentBuilder().mediaType(JSON)
					.schema(schemaBuilder().implementation(FeedTickets.Ticket.class))))
			.response(badRequest("Any query parameter: this route takes none (`parameter` names it)"))
			.response(unavailable());
	}

}
