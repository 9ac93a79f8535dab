import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The bench's "bare" scenario: what HTTP alone costs on this host. Reactor Netty, the server the application runs
 * on, answering every request with the body of GET /health, and nothing else: no Spring, no security, no token, no
 * statement. Started by bench/run.sh with the application's JVM flags and its jars on the class path.
 * <p>
 * Usage: java -cp 'target/bench-app/lib/*' bench/BareHttp.java PORT SECONDS (it stops itself after SECONDS).
 */
public class BareHttp {

    private static final byte[] BODY = "{\"status\":\"healthy\"}".getBytes(StandardCharsets.UTF_8);

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        long seconds = Long.parseLong(args[1]);
        DisposableServer server = HttpServer.create()
                .host("127.0.0.1")
                .port(port)
                .handle((request, response) -> response
                        .header("Content-Type", "application/json")
                        .header("Content-Length", Integer.toString(BODY.length))
                        .sendByteArray(Mono.just(BODY)))
                .bindNow();
        Thread.sleep(Duration.ofSeconds(seconds));
        server.disposeNow();
    }
}
