import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The trap {@code db/DriverLoops} avoids, reproduced with the server's own libraries: which driver event loop serves
 * each database connection when one multi-thread LoopResources (two workers, not colocated) is shared, once through
 * r2dbc-pool and once without a pool (a new connection per query). 200 queries, 20 at a time, each noting the thread
 * that read its row and the physical connection it ran on. Through the pool, every connection lands on one loop
 * (r2dbc-pool issue 190); hence one single-thread LoopResources per connection factory, taken in turn.
 * <p>
 * {@code java -cp 'target/bench-app/lib/*' bench/LoopSpread.java} (PgBouncer on 127.0.0.1:6432, database
 * taskflow_bench, as bench/run.sh leaves them).
 */
public final class LoopSpread {

    public static void main(String[] args) {
        LoopResources loops = LoopResources.create("taskflow-db", 1, 2, true, false);
        PostgresqlConnectionFactory direct = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                .host("127.0.0.1").port(6432).database("taskflow_bench").username("taskflow").password("taskflow")
                .loopResources(loops).build());
        ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration.builder(direct).initialSize(10).maxSize(10).build());
        System.out.println("connections per event-loop thread, without a pool:  " + spread(direct, false));
        System.out.println("connections per event-loop thread, with r2dbc-pool: " + spread(pool, true));
        pool.dispose();
        loops.dispose();
    }

    /** Per event-loop thread: how many distinct connections it served. */
    private static Map<String, Integer> spread(ConnectionFactory factory, boolean pooled) {
        Map<String, Set<Integer>> connections = new ConcurrentHashMap<>();
        Flux.range(0, 200)
                .flatMap(i -> Mono.usingWhen(factory.create(),
                        connection -> Flux.from(connection.createStatement("SELECT 1").execute())
                                .flatMap(result -> result.map((row, metadata) -> Thread.currentThread().getName()))
                                .next()
                                .doOnNext(thread -> connections.computeIfAbsent(thread, t -> ConcurrentHashMap.newKeySet())
                                        .add(System.identityHashCode(pooled ? ((Wrapped<?>) connection).unwrap() : connection))),
                        Connection::close), 20)
                .blockLast(Duration.ofSeconds(60));
        Map<String, Integer> counts = new TreeMap<>();
        connections.forEach((thread, ids) -> counts.put(thread, ids.size()));
        return counts;
    }
}
