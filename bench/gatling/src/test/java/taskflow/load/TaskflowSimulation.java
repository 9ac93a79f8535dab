package taskflow.load;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import io.gatling.javaapi.http.SseMessageCheck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.during;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.core.CoreDsl.substring;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.sse;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Taskflow's API under an open workload: virtual users arrive at a set rate whatever the server's latency, so a slow
 * server meets a growing queue, as it would in production (wrk's closed loop waits for each answer before the next
 * request and so hides it). Scenarios, one after another in one report (bench/README.md, "Load kit (Gatling)"):
 * <ul>
 * <li>get: GET /api/v1/tasks/{id}, a random task of a random user;</li>
 * <li>list: GET /api/v1/tasks?limit=20, the first page with its total;</li>
 * <li>create: POST /api/v1/tasks;</li>
 * <li>mix: 80 % get by id, 15 % create, 5 % merge patch with If-Match (a read for the ETag, then the conditional
 * patch, as a client keeping its edits safe does);</li>
 * <li>feed: SSE subscribers (a ticket each, as a browser's EventSource), receiving while writers create tasks for
 * their users; every awaited event must arrive, and on time.</li>
 * </ul>
 * Each HTTP scenario runs a warm-up first (its requests named "warm-up: …", kept out of the assertions), then the
 * measured phase at the set rate. The assertions mirror bench/README.md's goals; a missed one fails the run.
 */
public class TaskflowSimulation extends Simulation {

	private static final String WARM_UP = "warm-up: ";

	/** The reconnection delay the server's feed asks of browsers ({@code retry: 2000}). */
	private static final Duration RECONNECT_DELAY = Duration.ofSeconds(2);

	private static final String CREATE_BODY = "{\"title\":\"Load kit task\",\"description\":\"written by the Gatling "
			+ "load kit\",\"priority\":\"high\"}";

	private static final String MIX_CREATE_BODY = "{\"title\":\"Load kit task\",\"priority\":\"medium\"}";

	private final Settings settings = Settings.fromSystemProperties();

	private final List<SeededUsers.User> users = SeededUsers.load(settings);

	private final List<SeededUsers.User> usersWithTasks = users.stream()
		.filter(user -> user.taskIds().length > 0)
		.toList();

	private final HttpProtocolBuilder protocol = http.baseUrl(settings.baseUrl())
		.acceptHeader("application/json")
		.userAgentHeader("taskflow-load-kit (Gatling)")
		// Keep-alive connections shared by all virtual users, as a fleet of API clients behind a gateway would
		// hold them; opened on demand, so arrivals never queue for a connection inside the load generator.
		.shareConnections()
		// Gatling would otherwise send a first request to its own website.
		.disableWarmUp();

	{
		List<Assertion> assertions = new ArrayList<>();
		// Built from the last scenario back, each phase handed the phases after it.
		List<PopulationBuilder> next = List.of();
		for (String name : settings.scenarios().reversed()) {
			next = name.equals("feed") ? feedScenario(next, assertions) : httpScenario(name, next, assertions);
		}
		setUp(next).protocols(protocol).assertions(assertions);
	}

	@Override
	public void after() {
		if (settings.scenarios().contains("feed")) {
			System.out.println("load kit: " + FeedDelays.summary());
		}
	}

	/** A scenario's warm-up, then its measured phase, then {@code next}; its assertions added. */
	private List<PopulationBuilder> httpScenario(String name, List<PopulationBuilder> next,
			List<Assertion> assertions) {
		PopulationBuilder measured = scenario(name).exec(requests(name, ""))
			.injectOpen(constantUsersPerSec(settings.rate()).during(settings.duration()))
			.andThen(next);
		for (String request : requestNames(name)) {
			assertions.add(details(request).responseTime().percentile(99.0).lt(settings.p99Ms()));
			assertions.add(details(request).failedRequests().percent().lte(settings.maxErrorPercent()));
		}
		if (settings.warmup() == 0) {
			return List.of(measured);
		}
		return List.of(scenario(WARM_UP + name).exec(requests(name, WARM_UP))
			.injectOpen(rampUsersPerSec(1).to(settings.rate()).during(settings.warmup()))
			.andThen(measured));
	}

	private ChainBuilder requests(String scenario, String prefix) {
		return switch (scenario) {
			case "get" -> feed(randomTask()).exec(getById(prefix + "get by id"));
			case "list" -> feed(randomUser()).exec(http(prefix + "first page").get("/api/v1/tasks?limit=20")
				.header("Authorization", "#{auth}")
				.check(status().is(200)));
			case "create" -> feed(randomUser()).exec(create(prefix + "create", CREATE_BODY));
			case "mix" -> feed(randomTask()).exec(randomSwitch().on(
					percent(80.0).then(exec(getById(prefix + "mix: get by id"))),
					percent(15.0).then(exec(create(prefix + "mix: create", MIX_CREATE_BODY))),
					percent(5.0).then(exec(http(prefix + "mix: read for patch").get("/api/v1/tasks/#{taskId}")
						.header("Authorization", "#{auth}")
						.check(status().is(200), header("ETag").saveAs("etag")))
						.exec(http(prefix + "mix: patch If-Match").patch("/api/v1/tasks/#{taskId}")
							.header("Authorization", "#{auth}")
							.header("Content-Type", "application/merge-patch+json")
							.header("If-Match", "#{etag}")
							.body(StringBody(session -> "{\"completed\":" + ThreadLocalRandom.current().nextBoolean()
									+ "}"))
							.check(status().is(200))))));
			default -> throw new IllegalArgumentException(scenario);
		};
	}

	private static List<String> requestNames(String scenario) {
		return switch (scenario) {
			case "get" -> List.of("get by id");
			case "list" -> List.of("first page");
			case "create" -> List.of("create");
			case "mix" -> List.of("mix: get by id", "mix: create", "mix: read for patch", "mix: patch If-Match");
			default -> throw new IllegalArgumentException(scenario);
		};
	}

	private static HttpRequestActionBuilder getById(String name) {
		return http(name).get("/api/v1/tasks/#{taskId}").header("Authorization", "#{auth}").check(status().is(200));
	}

	private static HttpRequestActionBuilder create(String name, String body) {
		return http(name).post("/api/v1/tasks")
			.header("Authorization", "#{auth}")
			.header("Content-Type", "application/json")
			.body(StringBody(body))
			.check(status().is(201));
	}

	/**
	 * Subscribers open their streams over the warm-up (at most 10 s), then wait for event after event while writers
	 * create tasks for their users in turn at the feed rate; the writers go on for one event timeout after the
	 * subscribers stop listening, so that no subscriber's last wait runs dry.
	 */
	private List<PopulationBuilder> feedScenario(List<PopulationBuilder> next, List<Assertion> assertions) {
		int subscribers = settings.feedSubscribers();
		int ramp = Math.clamp(settings.warmup(), 1, 10);
		Duration timeout = settings.feedEventTimeout().plusSeconds(ramp);
		AtomicLong nextSubscriber = new AtomicLong();
		AtomicLong nextWrite = new AtomicLong();
		String late = "later than " + settings.feedMaxDelayMs() + " ms";
		// An event's JSON as Gatling hands it over: its data as an object, or as an escaped string. "received" says
		// that an event came at all (late or not), so a failed wait can tell a late event from a lost stream.
		String createdAt = "createdAt\\\\?\":\\\\?\"([^\"\\\\]+)";
		SseMessageCheck onTime = sse.checkMessage("feed: event")
			.matching(substring("\"event\":\"task.created\""))
			.check(regex(createdAt).saveAs("received"), regex(createdAt)
				.transform(at -> FeedDelays.record(at) <= settings.feedMaxDelayMs() ? "on time" : late)
				.is("on time"));
		// A ticket is single-use, as for a browser's EventSource. The connect waits for the stream's first event:
		// Gatling's connect alone does not wait for the stream.
		ChainBuilder connect = exec(http("feed: ticket").post("/api/v1/tasks/events/tickets")
			.header("Authorization", "#{auth}")
			.check(status().is(201), jsonPath("$.ticket").saveAs("ticket")))
			.exec(sse("feed: connect").get("/api/v1/tasks/events?ticket=#{ticket}").await(timeout).on(onTime));
		// No event at all (a timeout, or the stream ended or was refused): counted, then a fresh ticket and stream
		// after the server's retry delay, as the web client does; a late event only counts.
		ChainBuilder nextEvent = exec(session -> session.remove("received"))
			.exec(sse("feed: event").setCheck().await(timeout).on(onTime))
			.doIf(session -> session.isFailed() && !session.contains("received"))
			.then(exec(sse("feed: close").close()).pause(RECONNECT_DELAY).exec(connect))
			.exec(Session::markAsSucceeded);
		ScenarioBuilder listen = scenario("feed: subscribers").feed(sequentialUsers(nextSubscriber, subscribers))
			.exec(connect)
			.exec(session -> session.markAsSucceeded())
			.exec(during(Duration.ofSeconds(ramp + settings.duration())).on(nextEvent))
			.exec(sse("feed: close").close());
		ScenarioBuilder write = scenario("feed: writers").feed(sequentialUsers(nextWrite, subscribers))
			.exec(create("feed: write", CREATE_BODY));
		PopulationBuilder listeners = listen.injectOpen(rampUsers(subscribers).during(ramp));
		// The writers end last, so the phases after this one follow them.
		PopulationBuilder writers = write
			.injectOpen(nothingFor(ramp),
					constantUsersPerSec(settings.feedRate())
						.during(Duration.ofSeconds(ramp + settings.duration()).plus(timeout)))
			.andThen(next);
		for (String request : List.of("feed: ticket", "feed: write")) {
			assertions.add(details(request).responseTime().percentile(99.0).lt(settings.p99Ms()));
		}
		for (String request : List.of("feed: ticket", "feed: connect", "feed: write")) {
			assertions.add(details(request).failedRequests().percent().lte(settings.maxErrorPercent()));
		}
		assertions.add(details("feed: event").failedRequests().percent().lte(settings.feedLatePercent()));
		return List.of(listeners, writers);
	}

	/** Each virtual user as a random user, with a random task of theirs. */
	private Iterator<Map<String, Object>> randomTask() {
		return Stream.generate(() -> {
			SeededUsers.User user = usersWithTasks.get(ThreadLocalRandom.current().nextInt(usersWithTasks.size()));
			long[] ids = user.taskIds();
			return Map.<String, Object>of("auth", user.authorization(), "taskId",
					ids[ThreadLocalRandom.current().nextInt(ids.length)]);
		}).iterator();
	}

	/** Each virtual user as a random user. */
	private Iterator<Map<String, Object>> randomUser() {
		return Stream.generate(() -> Map.<String, Object>of("auth",
				users.get(ThreadLocalRandom.current().nextInt(users.size())).authorization()))
			.iterator();
	}

	/** The first {@code count} users in turn (more than there are: several streams per user). */
	private Iterator<Map<String, Object>> sequentialUsers(AtomicLong counter, int count) {
		return Stream.generate(() -> Map.<String, Object>of("auth",
				users.get((int) (counter.getAndIncrement() % count % users.size())).authorization()))
			.iterator();
	}

}
