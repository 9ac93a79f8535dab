package dev.taskflow.feed;

import dev.taskflow.security.CurrentUser;
import dev.taskflow.security.UserStatus;
import dev.taskflow.web.ProblemException;
import dev.taskflow.web.QueryParameters;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ReactiveHttpOutputMessage;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

@Component
class FeedHandler {

	private static final Set<String> PARAMETERS = Set.of("ticket", "lastEventId");

	/**
	 * How long a browser waits before reconnecting; short, since it resumes without loss.
	 */
	private static final Duration RETRY = Duration.ofSeconds(2);

	private static final byte[] HEARTBEAT = SseFrame.comment("heartbeat");

	private final FeedHub hub;

	private final TaskEventStore store;

	private final FeedTickets tickets;

	private final FeedSettings settings;

	FeedHandler(FeedHub hub, TaskEventStore store, FeedTickets tickets, FeedSettings settings) {
		this.hub = hub;
		this.store = store;
		this.tickets = tickets;
		this.settings = settings;
	}

	Mono<ServerResponse> stream(ServerRequest request) {
		// Strict, like every route: a misspelt "lastEventId" would otherwise replay
		// nothing it was meant to.
		QueryParameters query = QueryParameters.of(request.queryParams(), PARAMETERS);
		return stream(request, query, lastEventId(request, query));
	}

	private Mono<ServerResponse> stream(ServerRequest request, QueryParameters query, Optional<Long> lastEventId) {
		// A stream's request lives for hours: detached, the finished lookups before it
		// (and their query objects)
		// are not kept reachable by it, which is most of a stream's memory.
		return caller(request, query).onTerminateDetach()
			.flatMap(caller -> frames(caller, lastEventId).onTerminateDetach()
				.flatMap(frames -> ServerResponse.ok()
					.contentType(MediaType.TEXT_EVENT_STREAM)
					.header(HttpHeaders.CACHE_CONTROL, "no-store")
					.header("X-Accel-Buffering", "no")
					.body(written(frames))));
	}

	Mono<ServerResponse> issueTicket(ServerRequest request) {
		QueryParameters.none(request.queryParams());
		return tickets.issue(CurrentUser.id(request))
			.flatMap(ticket -> ServerResponse.status(HttpStatus.CREATED)
				.contentType(MediaType.APPLICATION_JSON)
				.header(HttpHeaders.CACHE_CONTROL, "no-store")
				.bodyValue(ticket));
	}

	/**
	 * A bearer token if the request has one; otherwise a single-use ticket, for
	 * EventSource. Either way, the user's status it was accepted under, which the stream
	 * keeps.
	 */
	private Mono<UserStatus> caller(ServerRequest request, QueryParameters query) {
		Optional<String> ticket = Optional.ofNullable(query.string("ticket")).filter(value -> !value.isBlank());
		return CurrentUser.statusIfAuthenticated(request)
			.map(Mono::just)
			.or(() -> ticket.map(tickets::redeem))
			.orElseGet(Mono::empty)
			.switchIfEmpty(Mono.error(() -> new ProblemException(HttpStatus.UNAUTHORIZED, ticket.isPresent()
					? "The ticket is invalid, expired or already used." : "A bearer token or a ticket is required.",
					Map.of(), bearerChallenge())));
	}

	private Mono<Flux<byte[]>> frames(UserStatus caller, Optional<Long> lastEventId) {
		long userId = caller.user().id();
		Flux<byte[]> hello = Flux.just(SseFrame.hello(RETRY));
		Flux<byte[]> heartbeats = Flux.interval(settings.heartbeat()).map(tick -> HEARTBEAT);
		Mono<Flux<SseFrame>> live;
		if (lastEventId.isEmpty()) {
			live = store.latestId(userId).map(latest -> hub.follow(caller, latest));
		}
		else {
			long after = lastEventId.get();
			live = store.prunedThrough()
				.flatMap(pruned -> after >= pruned ? Mono.just(hub.follow(caller, after))
						// Events after the client's position were removed by retention:
						// it must reload its list.
						: store.latestId(userId)
							.map(latest -> Flux.concat(Flux.just(SseFrame.event(latest, "reset", "{}")),
									hub.follow(caller, latest))));
		}
		return live.map(events -> {
			// The heartbeat ends with the events, so a stream closed by the server
			// (shutdown, overflow) really ends.
			Sinks.Empty<Void> ended = Sinks.empty();
			Flux<byte[]> stream = hello.concatWith(events.map(SseFrame::bytes))
				.doFinally(signal -> ended.tryEmitEmpty());
			return Flux.merge(stream, heartbeats.takeUntilOther(ended.asMono().then(Mono.just(true))));
		});
	}

	/**
	 * Frames are written as they come, and the server flushes once it has written all
	 * that is ready: one system call for a burst of events, where an encoder of
	 * {@code ServerSentEvent}s flushes after each one.
	 */
	private static BodyInserter<Flux<byte[]>, ReactiveHttpOutputMessage> written(Flux<byte[]> frames) {
		return (response, context) -> response.writeWith(frames.map(bytes -> response.bufferFactory().wrap(bytes)));
	}

	private static Optional<Long> lastEventId(ServerRequest request, QueryParameters query) {
		String header = request.headers().firstHeader("Last-Event-ID");
		Optional<String> value = Optional.ofNullable(header)
			.or(() -> Optional.ofNullable(query.string("lastEventId")))
			.map(String::strip);
		if (value.isEmpty() || value.get().isEmpty()) {
			return Optional.empty();
		}
		if (!value.get().matches("\\d{1,18}")) {
			throw new ProblemException(HttpStatus.BAD_REQUEST,
					"Last-Event-ID (or lastEventId) must be an event id from this feed.");
		}
		return Optional.of(Long.parseLong(value.get()));
	}

	private static HttpHeaders bearerChallenge() {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		return headers;
	}

}
