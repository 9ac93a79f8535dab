package dev.taskflow;

import dev.taskflow.support.ChildServer;
import dev.taskflow.support.TestDatabase;
import dev.taskflow.support.TestUsers;
import dev.taskflow.support.TestUsers.TestUser;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SIGTERM, as an orchestrator sends it: in-flight requests complete, new ones are refused, feed streams end cleanly
 * so their clients resume elsewhere, and the process exits. Restarted over and over, nothing is lost.
 */
class ShutdownIntegrationTest {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

    @Test
    void sigtermFinishesInFlightWorkEndsStreamsAndRefusesNewRequests() throws Exception {
        TestDatabase database = TestDatabase.main();
        TestUser user = TestUsers.create(database);
        HttpClient http = HttpClient.newHttpClient();
        try (ChildServer server = ChildServer.start(database, Map.of(), List.of());
             Connection blocker = database.connect()) {
            long taskId = idOf(send(http, create(server, user, "in flight", null)).body());
            HttpResponse<InputStream> feed = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/tasks/events"))
                    .header("Authorization", user.bearer()).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(feed.statusCode()).isEqualTo(200);
            CompletableFuture<List<String>> feedLines = CompletableFuture.supplyAsync(() -> readAll(feed.body()));

            // The update waits on a row lock held here, so it is still running when the signal arrives.
            blocker.setAutoCommit(false);
            blocker.createStatement().execute("SELECT id FROM tasks WHERE id = " + taskId + " FOR UPDATE");
            CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/tasks/" + taskId))
                    .header("Authorization", user.bearer()).header("Content-Type", "application/merge-patch+json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"completed\":true}")).build(), HttpResponse.BodyHandlers.ofString());
            awaitLockWaiter(database);

            server.process().destroy();
            assertThat(feedLines.get()).as("the feed stream ended cleanly").contains(": connected");
            awaitRefused(http, server);
            blocker.rollback();

            HttpResponse<String> finished = inFlight.get();
            assertThat(finished.statusCode()).as("the request in flight at SIGTERM").isEqualTo(200);
            assertThat(finished.body()).contains("\"completed\":true");
            assertThat(server.terminate()).as("exit code after SIGTERM").isIn(0, 143);
        } finally {
            http.shutdownNow();
        }
    }

    @Test
    void restartedRepeatedlyWhileAClientKeepsWritingNothingIsLostOrDoubled() throws Exception {
        TestDatabase database = TestDatabase.main();
        TestUser user = TestUsers.create(database);
        HttpClient http = HttpClient.newHttpClient();
        Set<Long> acknowledged = new HashSet<>();
        List<String> keys = new ArrayList<>();
        try {
            for (int generation = 0; generation < 2; generation++) {
                try (ChildServer server = ChildServer.start(database, Map.of(), List.of())) {
                    for (int n = 0; n < 10; n++) {
                        String key = "soak-" + user.id() + "-" + generation + "-" + n;
                        keys.add(key);
                        acknowledged.add(idOf(send(http, create(server, user, key, key)).body()));
                    }
                    // Stopped between generations; every key is retried against the last instance below, and none may be made twice.
                    assertThat(server.terminate()).isIn(0, 143);
                }
            }
            try (ChildServer server = ChildServer.start(database, Map.of(), List.of())) {
                for (String key : keys) {
                    assertThat(acknowledged).contains(idOf(send(http, create(server, user, key, key)).body()));
                }
            }
        } finally {
            http.shutdownNow();
        }
        assertThat(database.count("SELECT count(*) FROM tasks WHERE user_id = ?", user.id())).isEqualTo(keys.size());
        assertThat(database.count("SELECT count(*) FROM task_events WHERE user_id = ?", user.id())).isEqualTo(keys.size());
    }

    private static HttpRequest create(ChildServer server, TestUser user, String title, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/tasks"))
                .header("Authorization", user.bearer()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"" + title + "\"}"));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.build();
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest request) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
        return response;
    }

    private static long idOf(String body) {
        var matcher = ID.matcher(body);
        assertThat(matcher.find()).as(body).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private static List<String> readAll(InputStream body) {
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            throw new AssertionError("the feed stream broke instead of ending: " + e + " after " + lines, e);
        }
        return lines;
    }

    private static void awaitLockWaiter(TestDatabase database) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (database.count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") > 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the update never waited on the lock");
    }

    private static void awaitRefused(HttpClient http, ChildServer server) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/health")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                Thread.sleep(100);
            } catch (IOException refused) {
                assertThatThrownBy(() -> { throw refused; }).isInstanceOfAny(ConnectException.class, IOException.class);
                return;
            }
        }
        throw new AssertionError("the server still accepted new requests 20 s after SIGTERM");
    }
}
