package dev.taskflow.feed;

import dev.taskflow.web.OpenApiDefinition;

import io.swagger.v3.oas.annotations.enums.ParameterIn;
import org.springdoc.core.fn.builders.operation.Builder;

import static dev.taskflow.web.ApiDocs.JSON;
import static dev.taskflow.web.ApiDocs.bearer;
import static dev.taskflow.web.ApiDocs.problem;
import static dev.taskflow.web.ApiDocs.unauthorized;
import static dev.taskflow.web.ApiDocs.unavailable;
import static org.springdoc.core.fn.builders.apiresponse.Builder.responseBuilder;
import static org.springdoc.core.fn.builders.content.Builder.contentBuilder;
import static org.springdoc.core.fn.builders.header.Builder.headerBuilder;
import static org.springdoc.core.fn.builders.parameter.Builder.parameterBuilder;
import static org.springdoc.core.fn.builders.schema.Builder.schemaBuilder;
import static org.springdoc.core.fn.builders.securityrequirement.Builder.securityRequirementBuilder;

/** The OpenAPI description of the live feed's routes, kept beside {@link FeedRouter}. */
final class FeedApiDocs {

	private static final String TAG = "Live feed";

	private static final String EVENT_ID = "^[0-9]{1,18}$";

	private FeedApiDocs() {
	}

	static void stream(Builder operation) {
		operation.operationId("streamTaskEvents")
			.tag(TAG)
			.summary("Stream the caller's task changes (server-sent events)")
			.description("Every committed change of the caller's tasks is one event: `" + TaskEvent.CREATED + "` and `"
					+ TaskEvent.UPDATED + "` carry the task as the task routes show it, `" + TaskEvent.DELETED
					+ "` carries `{\"id\": …}`. Each event's `id` is its position: reconnecting with Last-Event-ID "
					+ "(browsers send it by themselves) replays the events after it, then continues live, with no gap "
					+ "and no duplicate. To follow a list, open the stream with the list's `Feed-Position` (the page's "
					+ "`feedPosition`) as Last-Event-ID: every change made after the list was read arrives, none it "
					+ "already shows. A position older than the feed keeps is answered with `event: reset` "
					+ "(data `{}`): reload the list. The stream opens with a `retry:` hint and carries heartbeat "
					+ "comments. The server closes it when the user's account status, role or tokens change, or when the "
					+ "client falls too far behind; the client reconnects with its last id.\n\n"
					+ "Authenticate with a bearer token or, for EventSource, which cannot send one, with `ticket` "
					+ "from POST /api/v1/tasks/events/tickets.")
			// The ticket alternative cannot be stated as a security requirement
			// (springdoc drops an empty one),
			// so the ticket is a parameter and the description says when it replaces the
			// token.
			.security(securityRequirementBuilder().name(OpenApiDefinition.BEARER))
			.parameter(parameterBuilder().in(ParameterIn.HEADER)
				.name("Last-Event-ID")
				.description(
						"The id of the last event received, or a read's Feed-Position: the stream resumes after it.")
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
				.content(contentBuilder().mediaType("text/event-stream").schema(schemaBuilder().type("string"))))
			.response(problem("400", "Last-Event-ID (or lastEventId) is not an event id"))
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
			.response(unavailable());
	}

}
